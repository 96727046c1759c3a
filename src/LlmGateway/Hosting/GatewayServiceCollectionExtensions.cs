using System.Globalization;
using LlmGateway.Configuration;
using LlmGateway.Endpoints;
using LlmGateway.Observability;
using LlmGateway.Protocols;
using LlmGateway.Routing;
using LlmGateway.Transport;
using LlmGateway.Transport.Builtin;
using LlmGateway.Transport.Config;
using LlmGateway.Transport.Edge;
using LlmGateway.Transport.Health;
using LlmGateway.Transport.Http;
using LlmGateway.Transport.Transforms;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Serilog;
using Serilog.Formatting.Display;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace LlmGateway.Hosting;

/// <summary>Registers the gateway's services.</summary>
internal static class GatewayServiceCollectionExtensions
{
    // Serilog's console default, so a terminal and a container show the same lines.
    private const string ConsoleOutputTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    public static IServiceCollection AddGateway(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddSingleton<IValidateOptions<GatewayOptions>, ListenAddressValidator>();
        services.AddSingleton<IValidateOptions<GatewayOptions>, TimeSpanSyntaxValidator>();

        services.TryAddSingleton(TimeProvider.System);

        // The running configuration (options, catalog, keys) and its reloads; AddGatewayConfiguration registers the
        // watched files, this fallback serves hosts without them.
        services.TryAddSingleton<ConfigurationFiles>();
        services.AddSingleton<RunningConfiguration>();
        services.AddSingleton<GatewayConfigurationLoader>();
        services.AddHostedService<ConfigurationReloader>();

        services.AddSingleton(static _ => new DeploymentSelector(Random.Shared));
        services.AddSingleton<DeploymentHealth>();
        services.AddSingleton<ResponseNormalizerFactory>();
        services.AddSingleton<TokenEstimator>();
        services.AddSingleton<CountTokensEndpoint>();
        services.AddHttpClient(CountTokensEndpoint.HttpClientName).AddResilienceHandler(CountTokensEndpoint.HttpClientName, static pipeline => pipeline
            // Counting is idempotent and cheap, so transient upstream failures are retried briefly before falling back
            // to an estimate; Retry-After is not waited for (an estimate now beats an exact count a minute later).
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(100),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = false,
            })
            .AddTimeout(CountTokensEndpoint.AttemptTimeout));
        services.AddHttpClient(UpstreamHealthMonitor.HttpClientName);
        services.AddHostedService<UpstreamHealthMonitor>();
        services.AddSingleton<KeyRateLimiter>();
        services.AddSingleton<EchoUpstream>();
        services.AddSingleton<UpstreamRequestTransform>();
        services.AddSingleton<NormalizingResponseTransform>();
        services.AddGatewayMetrics();

        services.AddReverseProxy().AddTransforms<GatewayTransformProvider>();

        // YARP registers Data Protection for session-affinity cookies, which the gateway does not use. Its hosted service
        // would load (or write) a key ring at start-up; the deferred provider keeps keys in memory and makes none until asked.
        services.Replace(ServiceDescriptor.Singleton<IDataProtectionProvider, DeferredDataProtectionProvider>());
        var dataProtection = typeof(EphemeralDataProtectionProvider).Assembly;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IHostedService) && services[i].ImplementationType?.Assembly == dataProtection)
            {
                services.RemoveAt(i);
            }
        }
        services.AddSingleton<GatewayProxyConfigProvider>();
        services.AddSingleton<IProxyConfigProvider>(static sp => sp.GetRequiredService<GatewayProxyConfigProvider>());
        services.AddSingleton<ProxyTargetRegistry>();
        services.AddSingleton<IConfigChangeListener>(static sp => sp.GetRequiredService<ProxyTargetRegistry>());
        services.AddSingleton<IForwarderHttpClientFactory, GatewayForwarderHttpClientFactory>();
        return services;
    }

    /// <summary>
    /// Serilog to standard output, levels from the <c>Serilog</c> configuration section. A terminal gets Serilog's
    /// console sink (colours); redirected output, as in a container, gets the same lines written in batches.
    /// </summary>
    public static IServiceCollection AddGatewayLogging(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddSerilog(static (sp, logger) =>
        {
            logger
                .ReadFrom.Configuration(sp.GetRequiredService<IConfiguration>())
                .ReadFrom.Services(sp)
                .Enrich.FromLogContext();
            if (Console.IsOutputRedirected)
            {
                var formatter = new MessageTemplateTextFormatter(ConsoleOutputTemplate, CultureInfo.InvariantCulture);
                logger.WriteTo.Sink(new BatchedConsoleSink(formatter, Console.OpenStandardOutput()));
            }
            else
            {
                logger.WriteTo.Console(outputTemplate: ConsoleOutputTemplate, formatProvider: CultureInfo.InvariantCulture);
            }
        });
    }
}
