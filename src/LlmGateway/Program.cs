using LlmGateway.Hosting;
using LlmGateway.Hosting.Cli;

// The container's HEALTHCHECK: no configuration, no host, just one GET.
if (args is [HealthCheckCommand.Name, ..])
{
    return await HealthCheckCommand.RunAsync(args[1..], Console.Out, CancellationToken.None);
}

// "check", "doctor" and "help" are verbs of the same executable; anything else runs the server.
if (CliInvocation.TryParse(args, out var invocation))
{
    return await CliRunner.RunAsync(invocation);
}

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddGatewayConfiguration();
    builder.Services.AddGatewayLogging();
    builder.Services.AddGateway();

    var app = builder.Build();
    app.MapGateway();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupFailureReporter.ShouldReport(ex))
{
    return StartupFailureReporter.Report(ex, Console.Error);
}

/// <summary>The entry point, public for <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
