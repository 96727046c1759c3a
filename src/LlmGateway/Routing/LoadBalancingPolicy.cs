namespace LlmGateway.Routing;

/// <summary>How a group spreads requests over its eligible deployments.</summary>
internal enum LoadBalancingPolicy
{
    /// <summary>At random, in proportion to <see cref="Deployment.Weight"/>.</summary>
    WeightedRandom,

    /// <summary>Each eligible deployment in turn (weights ignored).</summary>
    RoundRobin,

    /// <summary>The one with the fewest requests in flight.</summary>
    LeastBusy,

    /// <summary>The one with the lowest moving average of time to first byte (untried ones first).</summary>
    LowestLatency,
}
