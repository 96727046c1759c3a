using LlmGateway.Routing;

namespace LlmGateway.Hosting.Cli;

/// <summary>
/// One model on one upstream, as <c>doctor</c> probes it: deployments that share the upstream and model (in one group
/// or several) are probed once, and the report names them all.
/// </summary>
/// <param name="Upstream">Where the model is served.</param>
/// <param name="Model">The model name the upstream knows.</param>
/// <param name="ConnectTimeout">The longest connect timeout among the deployments.</param>
/// <param name="Deployments">The deployments served by this model, with their group names.</param>
internal sealed record ProbeSubject(Upstream Upstream, string Model, TimeSpan ConnectTimeout, IReadOnlyList<(string Group, Deployment Deployment)> Deployments)
{
    /// <summary>The distinct upstream models of the catalog, in group-name then configuration order.</summary>
    public static IReadOnlyList<ProbeSubject> Plan(ModelGroupCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var subjects = new List<ProbeSubject>();
        foreach (var group in catalog.Groups.OrderBy(g => g.Name, StringComparer.OrdinalIgnoreCase))
        {
            foreach (var deployment in group.Deployments)
            {
                var index = subjects.FindIndex(s => s.Upstream == deployment.Upstream && string.Equals(s.Model, deployment.Model, StringComparison.Ordinal));
                if (index < 0)
                {
                    subjects.Add(new ProbeSubject(deployment.Upstream, deployment.Model, deployment.Timeouts.Connect, [(group.Name, deployment)]));
                }
                else
                {
                    var subject = subjects[index];
                    subjects[index] = subject with
                    {
                        ConnectTimeout = subject.ConnectTimeout > deployment.Timeouts.Connect ? subject.ConnectTimeout : deployment.Timeouts.Connect,
                        Deployments = [.. subject.Deployments, (group.Name, deployment)],
                    };
                }
            }
        }

        return subjects;
    }
}
