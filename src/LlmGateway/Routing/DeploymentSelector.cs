using LlmGateway.Protocols;

namespace LlmGateway.Routing;

/// <summary>
/// Plans a request: a deployment by weight among those that speak the client's API natively; when none does, by
/// weight among all, called through the richest API the chosen one speaks (see <see cref="TranslationPreference"/>).
/// </summary>
internal sealed class DeploymentSelector(Random random)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _turns = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Plans a request. Deployments in <paramref name="excluded"/> are never chosen; cooled-down ones only when no other is left.</summary>
    /// <returns>The plan, or null when no deployment is left.</returns>
    public RoutePlan? Select(ModelGroup group, WireApi clientApi, IReadOnlySet<Deployment>? excluded = null, DeploymentHealth? health = null)
    {
        ArgumentNullException.ThrowIfNull(group);

        bool Usable(Deployment d) => (excluded is null || !excluded.Contains(d)) && (health is null || !health.IsFull(d));
        bool Healthy(Deployment d) => Usable(d) && (health is null || !health.IsCoolingDown(d));

        // Native before translated, healthy before cooled down (a cooled-down deployment still beats no answer).
        foreach (var eligible in new Func<Deployment, bool>[] { Healthy, Usable })
        {
            var native = Pick(group, d => eligible(d) && d.Upstream.Speaks(clientApi), health);
            if (native is not null)
            {
                return new RoutePlan(native, clientApi);
            }

            var any = Pick(group, eligible, health);
            if (any is not null)
            {
                return new RoutePlan(any, TranslationPreference(clientApi).First(any.Upstream.Speaks));
            }
        }

        return null;
    }

    /// <summary>
    /// The order in which upstream APIs serve a client API. Messages and Responses both carry typed reasoning, tool
    /// calls and structured errors, so each is the other's best substitute; Chat Completions is the common floor.
    /// </summary>
    public static IReadOnlyList<WireApi> TranslationPreference(WireApi clientApi) => clientApi switch
    {
        WireApi.Messages => [WireApi.Messages, WireApi.Responses, WireApi.ChatCompletions],
        WireApi.Responses => [WireApi.Responses, WireApi.Messages, WireApi.ChatCompletions],
        _ => [WireApi.ChatCompletions, WireApi.Responses, WireApi.Messages],
    };

    private Deployment? Pick(ModelGroup group, Func<Deployment, bool> eligible, DeploymentHealth? health)
    {
        switch (group.LoadBalancing)
        {
            case LoadBalancingPolicy.RoundRobin:
                var candidates = group.Deployments.Where(eligible).ToList();
                if (candidates.Count == 0)
                {
                    return null;
                }

                var turn = _turns.AddOrUpdate(group.Name, 0, static (_, n) => n + 1);
                return candidates[(int)((uint)turn % (uint)candidates.Count)];
            case LoadBalancingPolicy.LeastBusy when health is not null:
                return group.Deployments.Where(eligible).MinBy(health.InFlight);
            case LoadBalancingPolicy.LowestLatency when health is not null:
                return group.Deployments.Where(eligible).MinBy(health.Latency);
            default:
                return PickWeighted(group, eligible);
        }
    }

    private Deployment? PickWeighted(ModelGroup group, Func<Deployment, bool> eligible)
    {
        long total = 0;
        foreach (var deployment in group.Deployments)
        {
            if (eligible(deployment))
            {
                total += deployment.Weight;
            }
        }

        if (total == 0)
        {
            return null;
        }

        var pick = random.NextInt64(total);
        foreach (var deployment in group.Deployments)
        {
            if (!eligible(deployment))
            {
                continue;
            }

            if (pick < deployment.Weight)
            {
                return deployment;
            }

            pick -= deployment.Weight;
        }

        throw new InvalidOperationException("Unreachable: the weighted pick fell outside the total.");
    }
}
