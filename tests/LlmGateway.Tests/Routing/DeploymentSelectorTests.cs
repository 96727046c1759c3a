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
            Assert.Equal("o", selector.Select(group, WireApi.Responses)!.Model);
            Assert.Equal("a", selector.Select(group, WireApi.Messages)!.Model);
        }
    }

    [Fact]
    public void Select_NoNativeDeployment_ReturnsNull()
    {
        var group = Group(("anthropic", "a", 1));

        Assert.Null(new DeploymentSelector(new Random(1)).Select(group, WireApi.Responses));
    }

    [Fact]
    public void Select_FollowsWeights()
    {
        var group = Group(("both", "light", 1), ("both", "heavy", 3), ("anthropic", "other-api", 50));
        var selector = new DeploymentSelector(new Random(12345));
        var counts = new Dictionary<string, int>();

        for (var i = 0; i < 8000; i++)
        {
            var model = selector.Select(group, WireApi.Responses)!.Model;
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

        var seen = Enumerable.Range(0, 300).Select(_ => selector.Select(group, WireApi.Messages)!.Model).ToHashSet();

        Assert.Equal(["first", "second", "third"], seen.Order());
    }

    private static ModelGroup Group(params (string Upstream, string Model, int Weight)[] deployments)
    {
        var options = CatalogFixtures.Options();
        options.ModelGroups["g"] = CatalogFixtures.Group(deployments);
        Assert.True(ModelGroupCatalog.Create(options).TryGetGroup("g", out var group));
        return group;
    }
}
