using LlmGateway.Observability;
using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace LlmGateway.Hosting;

/// <summary>The gateway's metrics (<see cref="GatewayMetrics"/>) and their Prometheus scrape endpoint, <c>GET /metrics</c>.</summary>
internal static class GatewayMetricsExtensions
{
    public const string ScrapePath = "/metrics";

    // The name OpenTelemetry's IMetricsListener registers under.
    private const string OpenTelemetryListener = "OpenTelemetry";

    public static IServiceCollection AddGatewayMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<GatewayMetrics>();

        // Enabled through the metrics builder rather than MeterProviderBuilder.AddMeter: a Local rule only takes meters
        // from this host's IMeterFactory, where AddMeter would take every meter of that name in the process (several
        // hosts in one test run). Nothing else (ASP.NET Core, Kestrel, HttpClient) is exported.
        services.AddMetrics(metrics => metrics.EnableMetrics(GatewayMetrics.MeterName, instrumentName: null, OpenTelemetryListener, MeterScope.Local));
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddPrometheusExporter(options =>
        {
            // Every scrape sees the latest counts (the default caches a scrape for 300 ms).
            options.ScrapeResponseCacheDurationMilliseconds = 0;

            // Neither the otel_scope_* labels nor the target_info series (host and process attributes) add anything here.
            options.ScopeInfoEnabled = false;
            options.TargetInfoEnabled = false;
        }));
        return services;
    }

    /// <summary>Maps <c>GET /metrics</c>. Unauthenticated, like <c>/health</c>: labels carry configured names only, never URLs or keys.</summary>
    public static IEndpointRouteBuilder MapGatewayMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPrometheusScrapingEndpoint(ScrapePath);
        return endpoints;
    }
}
