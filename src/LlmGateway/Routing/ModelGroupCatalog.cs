using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using LlmGateway.Configuration;
using LlmGateway.Protocols;

namespace LlmGateway.Routing;

/// <summary>
/// Immutable snapshot of the configured upstreams and model groups, built from validated options (at start and on
/// each configuration reload); group names are matched case-insensitively, like the configuration keys they come from.
/// </summary>
internal sealed class ModelGroupCatalog
{
    private readonly FrozenDictionary<string, ModelGroup> _groups;

    private ModelGroupCatalog(FrozenDictionary<string, Upstream> upstreams, FrozenDictionary<string, ModelGroup> groups)
    {
        Upstreams = upstreams;
        _groups = groups;
    }

    public FrozenDictionary<string, Upstream> Upstreams { get; }

    public IEnumerable<ModelGroup> Groups => _groups.Values;

    public static ModelGroupCatalog Create(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var upstreams = options.Upstreams.ToFrozenDictionary(
            pair => pair.Key,
            pair => new Upstream(pair.Key, pair.Value.BaseUrl ?? string.Empty, ParseApis(pair.Value.Apis), pair.Value.ApiKey, pair.Value.HealthCheck?.Path, pair.Value.HealthCheck?.Interval),
            StringComparer.OrdinalIgnoreCase);

        var groups = options.ModelGroups.ToFrozenDictionary(
            pair => pair.Key,
            pair => new ModelGroup(pair.Key, pair.Value.Deployments
                .Select((deployment, index) => new Deployment(
                    index,
                    upstreams[deployment.Upstream!],
                    deployment.Model!,
                    deployment.Weight,
                    deployment.MaxConcurrency,
                    UpstreamTimeouts.Resolve(pair.Value.Timeouts, options.Upstreams[deployment.Upstream!]),
                    deployment.Name,
                    pair.Key))
                .ToImmutableArray(),
                pair.Value.ReasoningAs == "text",
                ParseLoadBalancing(pair.Value.LoadBalancing),
                new FailoverPolicy(pair.Value.Retries, [.. pair.Value.Fallbacks], pair.Value.AllowedFails, pair.Value.Cooldown)),
            StringComparer.OrdinalIgnoreCase);

        return new ModelGroupCatalog(upstreams, groups);
    }

    public bool TryGetGroup(string model, [NotNullWhen(true)] out ModelGroup? group) => _groups.TryGetValue(model, out group);

    private static IEnumerable<WireApi> ParseApis(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (WireApiNames.TryParse(name, out var api))
            {
                yield return api.Value;
            }
        }
    }

    private static LoadBalancingPolicy ParseLoadBalancing(string? name) => name switch
    {
        "round-robin" => LoadBalancingPolicy.RoundRobin,
        "least-busy" => LoadBalancingPolicy.LeastBusy,
        "lowest-latency" => LoadBalancingPolicy.LowestLatency,
        _ => LoadBalancingPolicy.WeightedRandom,
    };
}
