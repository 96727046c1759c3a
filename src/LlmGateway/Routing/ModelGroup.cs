using System.Collections.Immutable;
using LlmGateway.Protocols;

namespace LlmGateway.Routing;

/// <summary>A named set of deployments that clients address by sending the group's name as <c>model</c>.</summary>
internal sealed class ModelGroup(
    string name,
    ImmutableArray<Deployment> deployments,
    bool reasoningAsText = false,
    LoadBalancingPolicy loadBalancing = LoadBalancingPolicy.WeightedRandom,
    FailoverPolicy? failover = null)
{
    public LoadBalancingPolicy LoadBalancing { get; } = loadBalancing;

    /// <summary>Retries, fallbacks and cooldown of this group.</summary>
    public FailoverPolicy Failover { get; } = failover ?? FailoverPolicy.Default;

    public string Name { get; } = name;

    /// <summary>Responses clients get raw <c>reasoning_text</c> parts instead of summary parts.</summary>
    public bool ReasoningAsText { get; } = reasoningAsText;

    public ImmutableArray<Deployment> Deployments { get; } = deployments;

    /// <summary>True when some deployment's upstream speaks <paramref name="api"/> natively (no translation needed).</summary>
    public bool HasNativeDeployment(WireApi api) => Deployments.Any(deployment => deployment.Upstream.Speaks(api));
}
