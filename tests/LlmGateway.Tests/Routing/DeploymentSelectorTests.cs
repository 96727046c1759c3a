using LlmGateway.Protocols;
using LlmGateway.Routing;

namespace LlmGateway.Tests.Routing;

public sealed class DeploymentSelectorTests
{
    [Fact]
    public void Select_PicksOnlyDeploymentsThatSpeakTheClientApi()
    {
        var group = Group(("anthropic", "a", 100), ("openai", "o", 1));
        var selector = new DeploymentSelector(new Random(1));

        for (var i = 0; i < 200; i++)
        {
            Assert.Equal("o", selector.Select(group, WireApi.Responses)!.Value.Deployment.Model);
            Assert.Equal("a", selector.Select(group, WireApi.Messages)!.Value.Deployment.Model);
        }
    }

    [Fact]
    public void Select_NoNativeDeployment_TranslatesThroughTheRichestApiTheDeploymentSpeaks()
    {
        var group = Group(("anthropic", "a", 1));

        var plan = new DeploymentSelector(new Random(1)).Select(group, WireApi.Responses)!.Value;

        Assert.Equal("a", plan.Deployment.Model);
        Assert.Equal(WireApi.Messages, plan.UpstreamApi);
        Assert.True(plan.IsTranslated(WireApi.Responses));
    }

    [Fact]
    public void Select_NativeDeploymentExists_IsPreferredWhateverTheWeights()
    {
        var group = Group(("anthropic", "a", 1000), ("openai", "o", 1));
        var selector = new DeploymentSelector(new Random(3));

        for (var i = 0; i < 100; i++)
        {
            var plan = selector.Select(group, WireApi.Responses)!.Value;
            Assert.Equal(("o", WireApi.Responses), (plan.Deployment.Model, plan.UpstreamApi));
        }
    }

    [Theory]
    [InlineData(WireApi.Messages, WireApi.Messages, WireApi.Responses, WireApi.ChatCompletions)]
    [InlineData(WireApi.Responses, WireApi.Responses, WireApi.Messages, WireApi.ChatCompletions)]
    [InlineData(WireApi.ChatCompletions, WireApi.ChatCompletions, WireApi.Responses, WireApi.Messages)]
    public void TranslationPreference_StartsWithTheClientsOwnApi(WireApi client, WireApi first, WireApi second, WireApi third) =>
        Assert.Equal([first, second, third], DeploymentSelector.TranslationPreference(client));

    [Fact]
    public void Select_FollowsWeights()
    {
        var group = Group(("both", "light", 1), ("both", "heavy", 3), ("anthropic", "other-api", 50));
        var selector = new DeploymentSelector(new Random(12345));
        var counts = new Dictionary<string, int>();

        for (var i = 0; i < 8000; i++)
        {
            var model = selector.Select(group, WireApi.Responses)!.Value.Deployment.Model;
            counts[model] = counts.GetValueOrDefault(model) + 1;
        }

        // Seeded, so deterministic; the bounds are wide enough to survive a change of seed too.
        Assert.Equal(2, counts.Count);
        Assert.InRange(counts["heavy"], 5600, 6400);
        Assert.InRange(counts["light"], 1600, 2400);
    }

    [Fact]
    public void Select_EveryEligibleDeploymentCanBePicked()
    {
        var group = Group(("both", "first", 1), ("both", "second", 1), ("both", "third", 1));
        var selector = new DeploymentSelector(new Random(7));

        var seen = Enumerable.Range(0, 300).Select(_ => selector.Select(group, WireApi.Messages)!.Value.Deployment.Model).ToHashSet();

        Assert.Equal(["first", "second", "third"], seen.Order());
    }

    [Fact]
    public void Select_RoundRobin_TakesEachDeploymentInTurn()
    {
        var group = Group("round-robin", null, ("both", "a", 1), ("both", "b", 100), ("both", "c", 1));
        var selector = new DeploymentSelector(new Random(1));

        var models = Enumerable.Range(0, 6).Select(_ => selector.Select(group, WireApi.Messages)!.Value.Deployment.Model);

        Assert.Equal(["a", "b", "c", "a", "b", "c"], models);
    }

    [Fact]
    public void Select_LeastBusy_PicksTheDeploymentWithFewestInFlight()
    {
        var group = Group("least-busy", null, ("both", "a", 1), ("both", "b", 1));
        var health = new DeploymentHealth(TimeProvider.System);
        using var busy = health.Begin(group.Deployments[0]);

        var plan = new DeploymentSelector(new Random(1)).Select(group, WireApi.Messages, health: health)!.Value;

        Assert.Equal("b", plan.Deployment.Model);
    }

    [Fact]
    public void Select_LowestLatency_PrefersTheFastestAndTriesUnmeasuredOnesFirst()
    {
        var group = Group("lowest-latency", null, ("both", "slow", 1), ("both", "fast", 1), ("both", "new", 1));
        var health = new DeploymentHealth(TimeProvider.System);
        health.ReportLatency(group.Deployments[0], TimeSpan.FromMilliseconds(900));
        health.ReportLatency(group.Deployments[1], TimeSpan.FromMilliseconds(100));
        var selector = new DeploymentSelector(new Random(1));

        Assert.Equal("new", selector.Select(group, WireApi.Messages, health: health)!.Value.Deployment.Model);
        health.ReportLatency(group.Deployments[2], TimeSpan.FromMilliseconds(500));
        Assert.Equal("fast", selector.Select(group, WireApi.Messages, health: health)!.Value.Deployment.Model);
    }

    [Fact]
    public void Select_DeploymentAtMaxConcurrency_IsSkipped_AndNoneLeftMeansNoPlan()
    {
        var group = Group(null, 1, ("both", "a", 1000), ("both", "b", 1));
        var health = new DeploymentHealth(TimeProvider.System);
        var selector = new DeploymentSelector(new Random(1));

        using (health.Begin(group.Deployments[0]))
        {
            Assert.Equal("b", selector.Select(group, WireApi.Messages, health: health)!.Value.Deployment.Model);
            using (health.Begin(group.Deployments[1]))
            {
                Assert.Null(selector.Select(group, WireApi.Messages, health: health));
            }
        }

        Assert.NotNull(selector.Select(group, WireApi.Messages, health: health));
    }

    [Fact]
    public void Select_CooledDownDeployment_IsSkippedWhileAnotherIsHealthy()
    {
        var group = Group(null, null, ("both", "a", 1000), ("both", "b", 1));
        var health = new DeploymentHealth(TimeProvider.System);
        health.ReportFailure(group.Deployments[0], group.Failover, retryAfter: TimeSpan.FromMinutes(5));
        var selector = new DeploymentSelector(new Random(1));

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("b", selector.Select(group, WireApi.Messages, health: health)!.Value.Deployment.Model);
        }

        health.ReportFailure(group.Deployments[1], group.Failover, retryAfter: TimeSpan.FromMinutes(5));
        Assert.NotNull(selector.Select(group, WireApi.Messages, health: health));
    }

    private static ModelGroup Group(params (string Upstream, string Model, int Weight)[] deployments) => Group(null, null, deployments);

    private static ModelGroup Group(string? loadBalancing, int? maxConcurrency, params (string Upstream, string Model, int Weight)[] deployments)
    {
        var options = CatalogFixtures.Options();
        var groupOptions = CatalogFixtures.Group(deployments);
        groupOptions.LoadBalancing = loadBalancing;
        foreach (var deployment in groupOptions.Deployments)
        {
            deployment.MaxConcurrency = maxConcurrency;
        }

        options.ModelGroups["g"] = groupOptions;
        Assert.True(ModelGroupCatalog.Create(options).TryGetGroup("g", out var group));
        return group;
    }
}
