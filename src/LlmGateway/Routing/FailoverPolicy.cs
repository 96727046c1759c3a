using System.Collections.Immutable;

namespace LlmGateway.Routing;

/// <summary>How a group survives failing deployments: retries before the first byte, fallback groups, cooldown.</summary>
/// <param name="Retries">More attempts after the first, within the group.</param>
/// <param name="Fallbacks">Groups tried in order once this group's attempts are spent.</param>
/// <param name="AllowedFails">Failures within a minute that cool a deployment down.</param>
/// <param name="Cooldown">How long a cooled-down deployment is skipped while others are healthy.</param>
internal sealed record FailoverPolicy(int Retries, ImmutableArray<string> Fallbacks, int AllowedFails, TimeSpan Cooldown)
{
    public static readonly FailoverPolicy Default = new(2, [], 3, TimeSpan.FromSeconds(30));
}
