using LlmGateway.Configuration;
using LlmGateway.Routing;
using Microsoft.Extensions.Options;

namespace LlmGateway.Hosting.Cli;

/// <summary>
/// The gateway's configuration as the server would see it: the same sources (<see cref="GatewayConfigurationExtensions"/>)
/// and the same validators (<see cref="GatewayServiceCollectionExtensions.AddGateway"/>), in a host that is built but
/// never started, so no port is bound.
/// </summary>
internal sealed class CliConfiguration : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CliConfiguration(WebApplication app, GatewayOptions options)
    {
        _app = app;
        Options = options;
        Catalog = ModelGroupCatalog.Create(options);
    }

    /// <summary>The validated options.</summary>
    public GatewayOptions Options { get; }

    /// <summary>The routing snapshot the server would start with.</summary>
    public ModelGroupCatalog Catalog { get; }

    public IConfiguration Configuration => _app.Configuration;

    /// <summary>The gateway's services (echo upstream, normalizer factory, clock), for probes that reuse them.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The full path of the <c>--config</c> file, or null when only the shipped default is read.</summary>
    public string? OverlayPath => Configuration["config"] is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    /// <summary>The addresses the server would listen on.</summary>
    public IReadOnlyList<string> ListenUrls =>
        ListenAddresses.Read(Configuration) is { Count: > 0 } addresses ? addresses : [ListenAddresses.DefaultUrl];

    /// <summary>Loads and validates; throws what the server's start-up would (reported by <see cref="StartupFailureReporter"/>).</summary>
    public static CliConfiguration Load(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var builder = WebApplication.CreateBuilder([.. arguments]);
        builder.AddGatewayConfiguration();
        builder.Services.AddGateway();
        var app = builder.Build();
        try
        {
            // Reading the value runs every registered IValidateOptions, as ValidateOnStart does for the server.
            var options = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
            return new CliConfiguration(app, options);
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
