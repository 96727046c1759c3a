using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace LlmGateway.Transport.Config;

/// <summary>The YARP routes and clusters of one configuration snapshot; its change token fires when a newer one replaces it.</summary>
internal sealed class GatewayProxyConfig : IProxyConfig
{
    private readonly ConfigurationReloadToken _replaced = new();

    public GatewayProxyConfig(ConfigurationSnapshot snapshot, IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters)
    {
        Snapshot = snapshot;
        Routes = routes;
        Clusters = clusters;
    }

    public ConfigurationSnapshot Snapshot { get; }

    public IReadOnlyList<RouteConfig> Routes { get; }

    public IReadOnlyList<ClusterConfig> Clusters { get; }

    public IChangeToken ChangeToken => _replaced;

    /// <summary>Tells YARP to ask for the newer configuration.</summary>
    public void SignalReplaced() => _replaced.OnReload();
}
