using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using LlmGateway.Protocols;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace LlmGateway.Transport.Config;

/// <summary>
/// The YARP route of each (client API, group) and the cluster of each group of one configuration snapshot, captured when
/// YARP applied them. Held by reference, they stay usable after a reload has removed them from YARP's tables (YARP
/// neither disposes the HTTP client of a removed cluster nor changes a cluster it no longer has), so a request of an
/// older snapshot, retries included, goes where its snapshot says.
/// </summary>
internal sealed class ProxyTargets
{
    private readonly int _generation;
    private readonly FrozenDictionary<string, RouteModel> _routes;
    private readonly FrozenDictionary<string, ClusterState> _clusters;

    private ProxyTargets(int generation, FrozenDictionary<string, RouteModel> routes, FrozenDictionary<string, ClusterState> clusters)
    {
        _generation = generation;
        _routes = routes;
        _clusters = clusters;
    }

    /// <exception cref="InvalidOperationException">YARP does not have a route or cluster of the snapshot.</exception>
    public static ProxyTargets Capture(IProxyStateLookup state, ConfigurationSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(snapshot);
        var routes = new Dictionary<string, RouteModel>(StringComparer.OrdinalIgnoreCase);
        var clusters = new Dictionary<string, ClusterState>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in snapshot.Catalog.Groups)
        {
            var clusterId = ProxyIds.GroupCluster(group.Name, snapshot.Generation);
            clusters[clusterId] = state.TryGetCluster(clusterId, out var cluster)
                ? cluster
                : throw new InvalidOperationException($"The proxy has no cluster '{clusterId}'.");
            foreach (var api in GatewayProxyConfigProvider.ClientApis)
            {
                var routeId = ProxyIds.GroupRoute(api, group.Name, snapshot.Generation);
                routes[routeId] = state.TryGetRoute(routeId, out var route)
                    ? route
                    : throw new InvalidOperationException($"The proxy has no route '{routeId}'.");
            }
        }

        return new ProxyTargets(
            snapshot.Generation,
            routes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
            clusters.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    public bool TryGet(WireApi api, string group, [NotNullWhen(true)] out RouteModel? route, [NotNullWhen(true)] out ClusterState? cluster)
    {
        cluster = null;
        return _routes.TryGetValue(ProxyIds.GroupRoute(api, group, _generation), out route)
            && _clusters.TryGetValue(ProxyIds.GroupCluster(group, _generation), out cluster);
    }
}
