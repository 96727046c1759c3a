using System.Net;
using System.Net.Sockets;
using System.Text;
using LlmGateway.IntegrationTests.Infrastructure;

namespace LlmGateway.IntegrationTests.Hosting;

/// <summary>
/// No Docker engine runs here, so the image is proven in two halves: the Dockerfile and compose file are read and held to
/// the usual lint rules, and what the image would run (the Dockerfile's own publish command, its ENV, ENTRYPOINT and
/// HEALTHCHECK, the compose file's config) is run on this machine.
/// </summary>
public sealed class ContainerImageTests : IDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // What the base image sets (mcr.microsoft.com/dotnet/aspnet) before the Dockerfile's own ENV lines.
    private static readonly Dictionary<string, string> BaseImageEnvironment = new()
    {
        ["ASPNETCORE_HTTP_PORTS"] = "8080",
        ["DOTNET_RUNNING_IN_CONTAINER"] = "true",
        ["APP_UID"] = "1654",
    };

    private readonly Dockerfile _dockerfile = Dockerfile.Parse(RepositoryFiles.Read("Dockerfile"));
    private readonly string _directory = Directory.CreateTempSubdirectory("llmgateway-image-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Dockerfile_BuildsWithTheSdk_AndRunsOnTheAspNetRuntimeAsNonRootOnPort4000()
    {
        Assert.True(_dockerfile.Stages.Count >= 2, "multi-stage: an SDK build stage and a runtime stage");
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", _dockerfile.Stages[0].Image, StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", _dockerfile.Final.Image, StringComparison.Ordinal);

        var user = _dockerfile.Final.Last("USER");
        Assert.NotNull(user);
        Assert.DoesNotContain(user, new[] { "root", "0", "0:0" });

        Assert.Contains("4000", _dockerfile.Final.All("EXPOSE"));
        Assert.Equal("http://0.0.0.0:4000", _dockerfile.Final.Environment()["ASPNETCORE_URLS"]);

        var healthCheck = _dockerfile.Final.Last("HEALTHCHECK");
        Assert.NotNull(healthCheck);
        Assert.Contains("/health/live", HealthCheckCommand(healthCheck) is { } command ? string.Join(' ', command) : string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_HasNoneOfTheUsualLintFindings()
    {
        var stageNames = _dockerfile.Stages.Select(stage => stage.Name).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var stage in _dockerfile.Stages)
        {
            // DL3006/DL3007: base images carry an explicit tag, and not "latest".
            var tag = stage.Image.Contains(':', StringComparison.Ordinal) ? stage.Image[(stage.Image.LastIndexOf(':') + 1)..] : null;
            Assert.False(tag is null or "latest", $"FROM {stage.Image}: pin a tag");

            foreach (var instruction in stage.Instructions)
            {
                // DL4000: MAINTAINER is deprecated; DL3020: COPY, not ADD, for local files.
                Assert.NotEqual("MAINTAINER", instruction.Keyword);
                Assert.NotEqual("ADD", instruction.Keyword);
                if (instruction.Keyword == "RUN")
                {
                    // DL3003: WORKDIR instead of cd; DL3004: no sudo.
                    Assert.DoesNotContain("cd ", instruction.Arguments, StringComparison.Ordinal);
                    Assert.DoesNotContain("sudo", instruction.Arguments, StringComparison.Ordinal);
                }

                if (instruction.Keyword == "WORKDIR")
                {
                    // DL3000: absolute WORKDIR.
                    Assert.StartsWith("/", instruction.Arguments, StringComparison.Ordinal);
                }

                if (instruction.Keyword is "ENTRYPOINT" or "CMD")
                {
                    // DL3025: exec form, so signals reach the process and it can shut down gracefully.
                    Assert.NotNull(Dockerfile.ExecForm(instruction.Arguments));
                }

                if (instruction.Keyword == "COPY" && instruction.Arguments.StartsWith("--from=", StringComparison.Ordinal))
                {
                    // DL3022: COPY --from names a stage of this file.
                    var from = instruction.Arguments["--from=".Length..].Split(' ')[0];
                    Assert.Contains(from, stageNames);
                }
            }
        }

        Assert.NotNull(HealthCheckCommand(_dockerfile.Final.Last("HEALTHCHECK")!));
        Assert.Single(_dockerfile.Final.All("ENTRYPOINT"));
    }

    [Fact]
    public void ComposeFile_MountsTheConfig_TakesTheMasterKeyFromAnEnvFile_AndOffersAnExampleUpstream()
    {
        var compose = RepositoryFiles.Read("docker-compose.yml");

        Assert.Contains("./config/gateway.json:/config/gateway.json", compose, StringComparison.Ordinal);
        Assert.Contains("""command: ["--config", "/config/gateway.json"]""", compose, StringComparison.Ordinal);
        Assert.Contains("env_file:", compose, StringComparison.Ordinal);
        Assert.Contains("- gateway.env", compose, StringComparison.Ordinal);
        Assert.Contains("\"4000:4000\"", compose, StringComparison.Ordinal);
        Assert.Contains("#   image: ollama/ollama", compose, StringComparison.Ordinal);

        // The key lives in the env file, which git ignores; the example shows its name.
        Assert.Contains("Gateway__MasterKey=", RepositoryFiles.Read("gateway.env.example"), StringComparison.Ordinal);
        Assert.Contains("gateway.env", RepositoryFiles.Read(".gitignore").Split('\n').Select(line => line.Trim()));
        Assert.DoesNotContain("MasterKey\": \"sk", RepositoryFiles.Read("config", "gateway.json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishedOutput_RunsAsTheImageWould_ServesTheDemoGroup_AndPassesItsHealthCheck()
    {
        var app = Path.Combine(_directory, "app");
        var publish = PublishCommand(app);
        var (publishExit, publishOutput) = await GatewayProcess.RunAsync(RepositoryFiles.Root, new Dictionary<string, string>(), publish, PublishTimeout);
        Assert.True(publishExit == 0, publishOutput);

        var port = FreePort();
        var environment = new Dictionary<string, string>(BaseImageEnvironment);
        foreach (var (name, value) in _dockerfile.Final.Environment())
        {
            environment[name] = OnPort(value, port);
        }

        var masterKey = RepositoryFiles.Read("gateway.env.example").Split('\n').Select(line => line.Trim())
            .Single(line => line.StartsWith("Gateway__MasterKey=", StringComparison.Ordinal))["Gateway__MasterKey=".Length..];
        environment["Gateway__MasterKey"] = masterKey;

        // The compose service's command, with the mounted config file where the volume puts it.
        var entrypoint = Dockerfile.ExecForm(_dockerfile.Final.Last("ENTRYPOINT")!)!;
        string[] command = [.. entrypoint.Select(argument => InApp(argument, app)), "--config", RepositoryFiles.PathOf("config", "gateway.json")];
        using var gateway = GatewayProcess.Start(app, environment, command);
        var address = await gateway.WaitForListeningAsync(StartTimeout);
        Assert.Equal($"http://0.0.0.0:{port}", address);

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using (var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        using (var anonymous = await client.PostAsync(new Uri("/v1/messages", UriKind.Relative), DemoRequest()))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = DemoRequest() })
        {
            request.Headers.Add("x-api-key", masterKey);
            using var answer = await client.SendAsync(request);
            var body = await answer.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("\"type\":\"message\"", body, StringComparison.Ordinal);
            Assert.Contains("hello from the image", body, StringComparison.Ordinal);
        }

        var healthCheck = HealthCheckCommand(_dockerfile.Final.Last("HEALTHCHECK")!)!.Select(argument => OnPort(InApp(argument, app), port)).ToArray();
        var (healthy, healthyOutput) = await GatewayProcess.RunAsync(app, environment, healthCheck, StartTimeout);
        Assert.True(healthy == 0, healthyOutput);

        gateway.Dispose();
        var (stopped, _) = await GatewayProcess.RunAsync(app, environment, healthCheck, StartTimeout);
        Assert.Equal(1, stopped);
    }

    private string[] PublishCommand(string output)
    {
        var run = _dockerfile.Stages[0].All("RUN").Single(line => line.StartsWith("dotnet publish ", StringComparison.Ordinal));
        var arguments = run.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var outputIndex = Array.IndexOf(arguments, "-o");
        Assert.True(outputIndex > 0, $"the publish command names its output: {run}");
        arguments[outputIndex + 1] = output;
        return arguments;
    }

    private static string[]? HealthCheckCommand(string healthCheck)
    {
        var cmd = healthCheck.IndexOf("CMD ", StringComparison.Ordinal);
        return cmd < 0 ? null : Dockerfile.ExecForm(healthCheck[(cmd + "CMD ".Length)..]);
    }

    private static StringContent DemoRequest() => new(
        """{"model":"demo","max_tokens":64,"messages":[{"role":"user","content":"hello from the image"}]}""",
        Encoding.UTF8,
        "application/json");

    private static string InApp(string argument, string app) =>
        argument.StartsWith("/app/", StringComparison.Ordinal) ? Path.Combine(app, argument["/app/".Length..]) : argument;

    private static string OnPort(string value, int port) => value.Replace(":4000", $":{port}", StringComparison.Ordinal);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
