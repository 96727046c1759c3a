using LlmGateway.Protocols;

namespace LlmGateway.Routing;

/// <summary>Picks a deployment by weight among those whose upstream speaks the client's API natively.</summary>
internal sealed class DeploymentSelector(Random random)
{
    /// <returns>The chosen deployment, or null when no deployment speaks <paramref name="clientApi"/> natively.</returns>
    public Deployment? Select(ModelGroup group, WireApi clientApi)
    {
        ArgumentNullException.ThrowIfNull(group);

        long total = 0;
        foreach (var deployment in group.Deployments)
        {
            if (deployment.Upstream.Speaks(clientApi))
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
            if (!deployment.Upstream.Speaks(clientApi))
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
