using System.Globalization;
using LlmGateway.Protocols;
using LlmGateway.Routing;
using LlmGateway.Transport.Http;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace LlmGateway.Transport.Config;

/// <summary>
/// Generates YARP routes and clusters from the model-group catalog of a configuration snapshot:
/// an entry route per client API, a cluster per group (one destination per deployment), and a hidden route per
/// (client API, group) so that reassignment moves both route and cluster (see yarp-notes.md 1(a)). Group routes and
/// clusters carry the snapshot's generation in their ids; <see cref="ProxyTargetRegistry"/> keeps them for the requests
/// of that generation after a reload.
/// </summary>
internal sealed class GatewayProxyConfigProvider : IProxyConfigProvider
{
    /// <summary>Client APIs served by the gateway.</summary>
    public static readonly IReadOnlyList<WireApi> ClientApis = [WireApi.Messages, WireApi.Responses, WireApi.ChatCompletions];

    // LLM streams can idle for minutes during prompt processing; this is an idle timeout, not a total one. It also bounds
    // the wait for the headers of non-streamed requests, which the first-token timeout leaves alone.
    private static readonly TimeSpan MinActivityTimeout = TimeSpan.FromMinutes(10);

    // The gateway's own first-token and idle timeouts must fire first: they answer in the client's shape, YARP's does not.
    private static readonly TimeSpan ActivityTimeoutMargin = TimeSpan.FromMinutes(1);

    private GatewayProxyConfig _config;

    public GatewayProxyConfigProvider(RunningConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _config = Build(configuration.Current);
    }

    public IProxyConfig GetConfig() => Volatile.Read(ref _config);

    /// <summary>
    /// Hands YARP the routes and clusters of <paramref name="snapshot"/>, alongside nothing else: requests of older
    /// snapshots keep the YARP objects they captured. YARP applies them asynchronously; see <see cref="ProxyTargetRegistry.WaitForAsync"/>.
    /// </summary>
    public void Stage(ConfigurationSnapshot snapshot)
    {
        var next = Build(snapshot);
        var previous = Interlocked.Exchange(ref _config, next);
        previous.SignalReplaced();
    }

    private static GatewayProxyConfig Build(ConfigurationSnapshot snapshot)
    {
        var catalog = snapshot.Catalog;
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>
        {
            new() { ClusterId = ProxyIds.UnroutedCluster, Destinations = new Dictionary<string, DestinationConfig>() },
        };

        foreach (var api in ClientApis)
        {
            routes.Add(CreateRoute(ProxyIds.EntryRoute(api), api, ProxyIds.UnroutedCluster, order: 0));
        }

        var order = 1;
        foreach (var group in catalog.Groups.OrderBy(group => group.Name, StringComparer.OrdinalIgnoreCase))
        {
            var clusterId = ProxyIds.GroupCluster(group.Name, snapshot.Generation);
            clusters.Add(new ClusterConfig
            {
                ClusterId = clusterId,
                Destinations = group.Deployments.ToDictionary(
                    deployment => deployment.Id,
                    deployment => new DestinationConfig { Address = BuiltinUpstreamAddress.ToDestinationAddress(deployment.Upstream) }),
                HttpRequest = new ForwarderRequestConfig { ActivityTimeout = ActivityTimeoutFor(group), AllowResponseBuffering = false },

                // YARP builds one HTTP client per cluster, so the connect timeout is per group: the longest of its deployments'.
                Metadata = new Dictionary<string, string>
                {
                    [ProxyIds.ConnectTimeoutMetadata] = group.Deployments.Max(deployment => deployment.Timeouts.Connect).ToString("c", CultureInfo.InvariantCulture),
                },
            });

            foreach (var api in ClientApis)
            {
                // Distinct orders, all behind the entry route, so endpoint routing never sees two equal candidates.
                routes.Add(CreateRoute(ProxyIds.GroupRoute(api, group.Name, snapshot.Generation), api, clusterId, order++));
            }
        }

        return new GatewayProxyConfig(snapshot, routes, clusters);
    }

    private static TimeSpan ActivityTimeoutFor(ModelGroup group)
    {
        var longest = group.Deployments.Max(deployment =>
        {
            var timeouts = deployment.Timeouts;
            var firstToken = timeouts.Connect + timeouts.FirstToken;
            return (firstToken > timeouts.Idle ? firstToken : timeouts.Idle) + ActivityTimeoutMargin;
        });
        return longest > MinActivityTimeout ? longest : MinActivityTimeout;
    }

    private static RouteConfig CreateRoute(string routeId, WireApi api, string clusterId, int order) => new()
    {
        RouteId = routeId,
        ClusterId = clusterId,
        Order = order,
        Match = new RouteMatch
        {
            Path = "/v1" + WireApiNames.UpstreamPath(api),
            Methods = ["POST"],
        },
        Metadata = new Dictionary<string, string> { [ProxyIds.ClientApiMetadata] = WireApiNames.ToName(api) },
    };
}
