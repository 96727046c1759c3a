using LlmGateway.Protocols;
using LlmGateway.Routing;

namespace LlmGateway.Tests.Routing;

public sealed class ModelGroupCatalogTests
{
    [Fact]
    public void Create_BuildsGroupsWithTheirDeploymentsInOrder()
    {
        var options = CatalogFixtures.Options();
        options.ModelGroups["mixed"] = CatalogFixtures.Group(("anthropic", "claude-x", 1), ("openai", "gpt-y", 3));

        var catalog = ModelGroupCatalog.Create(options);

        Assert.True(catalog.TryGetGroup("mixed", out var group));
        Assert.Collection(group.Deployments,
            first =>
            {
                Assert.Equal("0", first.Id);
                Assert.Equal("anthropic", first.Upstream.Name);
                Assert.Equal("claude-x", first.Model);
                Assert.Equal("anthropic/claude-x", first.Name);
            },
            second =>
            {
                Assert.Equal("1", second.Id);
                Assert.Equal(3, second.Weight);
                Assert.Equal("http://127.0.0.1:2/v1", second.Upstream.BaseUrl);
            });
        Assert.True(group.HasNativeDeployment(WireApi.Messages));
        Assert.True(group.HasNativeDeployment(WireApi.Responses));
    }

    [Fact]
    public void Create_UsesTheConfiguredDeploymentName()
    {
        var options = CatalogFixtures.Options();
        var group = CatalogFixtures.Group(("openai", "gpt-y", 1));
        group.Deployments[0].Name = "gpt-eu";
        options.ModelGroups["named"] = group;

        var catalog = ModelGroupCatalog.Create(options);

        Assert.True(catalog.TryGetGroup("named", out var named));
        Assert.Equal("gpt-eu", Assert.Single(named.Deployments).Name);
    }

    [Fact]
    public void TryGetGroup_IgnoresCase_AndMissesUnknownNames()
    {
        var options = CatalogFixtures.Options();
        options.ModelGroups["Demo"] = CatalogFixtures.Group(("echo", "e", 1));
        var catalog = ModelGroupCatalog.Create(options);

        Assert.True(catalog.TryGetGroup("demo", out _));
        Assert.True(catalog.TryGetGroup("DEMO", out _));
        Assert.False(catalog.TryGetGroup("demo2", out _));
    }

    [Fact]
    public void Upstreams_KnowTheirApisKeysAndWhetherTheyAreBuiltin()
    {
        var options = CatalogFixtures.Options();
        options.Upstreams["anthropic"].ApiKey = "k";

        var catalog = ModelGroupCatalog.Create(options);

        Assert.True(catalog.Upstreams["echo"].IsBuiltinEcho);
        Assert.False(catalog.Upstreams["openai"].IsBuiltinEcho);
        Assert.Equal("k", catalog.Upstreams["anthropic"].ApiKey);
        Assert.Null(catalog.Upstreams["openai"].ApiKey);
        Assert.True(catalog.Upstreams["openai"].Speaks(WireApi.ChatCompletions));
        Assert.False(catalog.Upstreams["openai"].Speaks(WireApi.Messages));
    }
}
