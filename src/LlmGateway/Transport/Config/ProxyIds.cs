using LlmGateway.Protocols;

namespace LlmGateway.Transport.Config;

/// <summary>Names of the YARP routes, clusters and metadata the gateway generates.</summary>
internal static class ProxyIds
{
    /// <summary>Route metadata key holding the client API name (<see cref="WireApiNames"/>).</summary>
    public const string ClientApiMetadata = "LlmGateway.ClientApi";

    /// <summary>Cluster metadata key holding the connect timeout (invariant TimeSpan) for the cluster's HTTP client.</summary>
    public const string ConnectTimeoutMetadata = "LlmGateway.ConnectTimeout";

    /// <summary>Cluster of the entry routes. It has no destinations: selection always reassigns or rejects first.</summary>
    public const string UnroutedCluster = "gateway-unrouted";

    public static string EntryRoute(WireApi api) => WireApiNames.ToName(api);

    /// <summary>
    /// The hidden route of one (client API, group) pair in one configuration generation; shadowed by the entry route and
    /// only reached by reassignment.
    /// </summary>
    public static string GroupRoute(WireApi api, string group, int generation) => $"{WireApiNames.ToName(api)}/group/{group}@{generation}";

    /// <summary>
    /// The cluster of one group in one configuration generation. Ids differ between generations so that YARP never
    /// updates in place a cluster (or destination) that requests of an older generation still use.
    /// </summary>
    public static string GroupCluster(string group, int generation) => $"group/{group}@{generation}";
}
