using LlmGateway.Routing;

namespace LlmGateway.Tests.Routing;

/// <summary>Health state across configuration reloads: kept for deployments and upstreams that remain, dropped for the rest.</summary>
public sealed class DeploymentHealthTests
{
    [Fact]
    public void Cooldown_InFlightAndLatency_CarryOverToTheSameDeploymentOfARebuiltCatalog()
    {
        var health = new DeploymentHealth(TimeProvider.System);
        var before = Deployment(Catalog(("anthropic", "m", 1)));
        health.ReportFailure(before, new FailoverPolicy(0, [], AllowedFails: 1, TimeSpan.FromMinutes(5)), retryAfter: null);
        health.ReportLatency(before, TimeSpan.FromMilliseconds(120));
        using var inFlight = health.Begin(before);

        // A reload that changes the weight: a new Deployment object with the same group and name.
        var rebuilt = Catalog(("anthropic", "m", 5));
        health.Retain(rebuilt);
        var after = Deployment(rebuilt);

        Assert.NotSame(before, after);
        Assert.True(health.IsCoolingDown(after));
        Assert.Equal(1, health.InFlight(after));
        Assert.Equal(120, health.Latency(after));
    }

    [Fact]
    public void Retain_DropsRemovedDeployments_SoAReAddedOneStartsAfresh()
    {
        var health = new DeploymentHealth(TimeProvider.System);
        var catalog = Catalog(("anthropic", "m", 1));
        health.ReportFailure(Deployment(catalog), new FailoverPolicy(0, [], AllowedFails: 1, TimeSpan.FromMinutes(5)), retryAfter: null);

        health.Retain(Catalog(("openai", "other", 1)));

        Assert.False(health.IsCoolingDown(Deployment(Catalog(("anthropic", "m", 1)))));
    }

    [Fact]
    public void UpstreamDown_IsKeptByName_AndDroppedWithTheUpstream()
    {
        var health = new DeploymentHealth(TimeProvider.System);
        var catalog = Catalog(("anthropic", "m", 1));
        health.ReportUpstreamDown(Deployment(catalog).Upstream, TimeSpan.FromMinutes(5));

        var rebuilt = Catalog(("anthropic", "m", 1));
        health.Retain(rebuilt);
        var keptDown = health.IsCoolingDown(Deployment(rebuilt));

        var options = CatalogFixtures.Options();
        options.Upstreams.Remove("anthropic");
        health.Retain(ModelGroupCatalog.Create(options));

        Assert.True(keptDown);
        Assert.False(health.IsCoolingDown(Deployment(Catalog(("anthropic", "m", 1)))));
    }

    private static ModelGroupCatalog Catalog(params (string Upstream, string Model, int Weight)[] deployments)
    {
        var options = CatalogFixtures.Options();
        options.ModelGroups["g"] = CatalogFixtures.Group(deployments);
        return ModelGroupCatalog.Create(options);
    }

    private static Deployment Deployment(ModelGroupCatalog catalog) =>
        catalog.TryGetGroup("g", out var group) ? group.Deployments[0] : throw new InvalidOperationException("no group g");
}
