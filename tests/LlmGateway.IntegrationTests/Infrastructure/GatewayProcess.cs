using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>The built gateway run as its own process (<c>dotnet LlmGateway.dll …</c>), as an operator would start it.</summary>
public sealed partial class GatewayProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _disposed;

    private GatewayProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the gateway from the test output folder (which holds LlmGateway.dll and the shipped appsettings.json) in an unrelated working directory.</summary>
    public static GatewayProcess Start(string workingDirectory, params string[] arguments) =>
        Start(workingDirectory, new Dictionary<string, string>(), GatewayCommand(arguments));

    /// <summary>Runs <paramref name="command"/> (<c>dotnet</c> first, as in a Dockerfile's exec form) with only the given gateway variables set.</summary>
    public static GatewayProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> command)
    {
        var startInfo = CreateStartInfo(workingDirectory, environment, command);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var gateway = new GatewayProcess(process);
        process.OutputDataReceived += (_, e) => gateway.Append(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return gateway;
    }

    /// <summary>Runs a command-line verb (<c>check</c>, <c>doctor</c>, …) to its end.</summary>
    /// <returns>The exit code and everything written to stdout and stderr.</returns>
    public static Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        RunAsync(workingDirectory, new Dictionary<string, string>(), GatewayCommand(arguments), timeout);

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    /// <summary>Waits for Kestrel's "Now listening on" line and returns the address.</summary>
    public async Task<string> WaitForListeningAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var finished = await Task.WhenAny(_listening.Task, exited, Task.Delay(timeout));
        if (finished != _listening.Task)
        {
            throw new InvalidOperationException($"The gateway did not start listening. Output:\n{Output}");
        }

        return await _listening.Task;
    }

    /// <summary>How many times <paramref name="text"/> occurs in the output so far.</summary>
    public int CountInOutput(string text)
    {
        var output = Output;
        var count = 0;
        for (var at = output.IndexOf(text, StringComparison.Ordinal); at >= 0; at = output.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Waits until <paramref name="text"/> occurs <paramref name="times"/> times in the output (log lines arrive asynchronously).</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout, int times = 1)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (CountInOutput(text) < times)
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new TimeoutException($"'{text}' did not appear {times} time(s) in the gateway's output. Output:\n{Output}");
            }

            await Task.Delay(50);
        }
    }


    /// <summary>Runs a short-lived command (such as the image's HEALTHCHECK) to completion; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> command, TimeSpan timeout)
    {
        using var gateway = Start(workingDirectory, environment, command);
        var exitCode = await gateway.WaitForExitAsync(timeout);
        gateway._process.WaitForExit(); // drains the redirected output
        return (exitCode, gateway.Output);
    }

    private static string[] GatewayCommand(string[] arguments) => ["dotnet", Path.Combine(AppContext.BaseDirectory, "LlmGateway.dll"), .. arguments];

    private static ProcessStartInfo CreateStartInfo(string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> command)
    {
        var startInfo = new ProcessStartInfo(command[0] == "dotnet" ? Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet" : command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The child must see only what the test gives it.
        foreach (var name in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "Gateway__MasterKey", "Gateway__AllowAnonymous" })
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    /// <summary>Stops the process (if it still runs); safe to call more than once.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.AppendLine(line);
        }

        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            _listening.TrySetResult(match.Groups["url"].Value);
        }
    }

    [GeneratedRegex("Now listening on: \"?(?<url>http://[^\"\\s]+)")]
    private static partial Regex ListeningLine();
}
