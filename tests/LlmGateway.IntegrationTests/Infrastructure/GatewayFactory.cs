using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>The real gateway on Kestrel (127.0.0.1, free port), configured in memory; SDKs need a real base URL.</summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly GatewaySettings _settings;
    private readonly Action<IServiceCollection>? _configureServices;

    private GatewayFactory(GatewaySettings settings, Action<IServiceCollection>? configureServices)
    {
        _settings = settings;
        _configureServices = configureServices;
        // Listen() rather than UseKestrel(0): the port overload rewrites the server addresses while a minimal-hosting app may
        // already be starting them, which fails now and then ("cannot be modified after the server has started").
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The gateway's base address, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string Url { get; private set; } = string.Empty;

    public static GatewayFactory Start(GatewaySettings settings, Action<IServiceCollection>? configureServices = null)
    {
        var factory = new GatewayFactory(settings, configureServices);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        factory.Url = addresses.Addresses.First().TrimEnd('/');
        return factory;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(_settings.Values));
        if (_configureServices is not null)
        {
            builder.ConfigureServices(_configureServices);
        }
    }
}
