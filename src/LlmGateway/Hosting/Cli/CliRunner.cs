using LlmGateway.Protocols;
using LlmGateway.Transport.Builtin;

namespace LlmGateway.Hosting.Cli;

/// <summary>Runs a verb of the command line and returns the process exit code.</summary>
internal static class CliRunner
{
    public const int Success = 0;

    /// <summary>Invalid configuration, or a <c>doctor</c> probe that did not answer.</summary>
    public const int Failure = 1;

    public const int UsageError = 2;

    /// <summary>Runs with the console, Ctrl+C cancelling.</summary>
    public static async Task<int> RunAsync(CliInvocation invocation)
    {
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await RunAsync(invocation, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("LlmGateway: cancelled.").ConfigureAwait(false);
            return Failure;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    public static async Task<int> RunAsync(CliInvocation invocation, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (invocation.Error is { } usageError)
        {
            await error.WriteLineAsync($"LlmGateway: {usageError}").ConfigureAwait(false);
            await error.WriteAsync(CliUsage.Text).ConfigureAwait(false);
            return UsageError;
        }

        if (invocation.Verb == CliVerb.Help)
        {
            await output.WriteAsync(CliUsage.Text).ConfigureAwait(false);
            return Success;
        }

        CliConfiguration configuration;
        try
        {
            configuration = CliConfiguration.Load(invocation.ConfigurationArguments);
        }
        catch (Exception ex) when (StartupFailureReporter.ShouldReport(ex))
        {
            return StartupFailureReporter.Report(ex, error, linePerFailure: true);
        }

        await using (configuration.ConfigureAwait(false))
        {
            if (invocation.Verb == CliVerb.Check)
            {
                RoutingTableWriter.Write(configuration, output);
                return Success;
            }

            var services = configuration.Services;
            var probe = new UpstreamProbe(
                services.GetRequiredService<EchoUpstream>(),
                services.GetRequiredService<ResponseNormalizerFactory>(),
                services.GetRequiredService<TimeProvider>());
            var doctor = new UpstreamDoctor(probe, new DoctorReportWriter(output));
            return await doctor.RunAsync(configuration, invocation.ProbeTimeout, cancellationToken).ConfigureAwait(false);
        }
    }
}
