using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace LlmGateway.Transport.Config;

/// <summary>A fixed YARP configuration: the catalog is immutable, so its change token never fires.</summary>
internal sealed class GatewayProxyConfig(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters) : IProxyConfig
{
    public IReadOnlyList<RouteConfig> Routes { get; } = routes;

    public IReadOnlyList<ClusterConfig> Clusters { get; } = clusters;

    public IChangeToken ChangeToken { get; } = new CancellationChangeToken(CancellationToken.None);
}
