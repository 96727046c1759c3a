using LlmGateway.Tests.Routing;
using LlmGateway.Transport;
using LlmGateway.Transport.Config;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Transport.Config;

public sealed class GatewayProxyConfigProviderTests
{
    [Fact]
    public void Stage_FiresTheOldConfigsToken_AndGivesTheGroupsIdsOfTheNewGeneration()
    {
        var options = CatalogFixtures.Options();
        options.ModelGroups["kept"] = CatalogFixtures.Group(("anthropic", "m", 1));
        options.ModelGroups["dropped"] = CatalogFixtures.Group(("openai", "m", 1));
        var provider = new GatewayProxyConfigProvider(new RunningConfiguration(Options.Create(options)));
        var first = provider.GetConfig();

        var next = CatalogFixtures.Options();
        next.ModelGroups["kept"] = CatalogFixtures.Group(("both", "m", 1), ("openai", "m2", 1));
        provider.Stage(new ConfigurationSnapshot(next, 2));
        var second = provider.GetConfig();

        Assert.True(first.ChangeToken.HasChanged);
        Assert.False(second.ChangeToken.HasChanged);
        Assert.Contains(first.Clusters, cluster => cluster.ClusterId == "group/dropped@1");
        Assert.Equal(["gateway-unrouted", "group/kept@2"], second.Clusters.Select(cluster => cluster.ClusterId));
        var kept = second.Clusters.Single(cluster => cluster.ClusterId == "group/kept@2");
        Assert.Equal(["http://127.0.0.1:3/v1/", "http://127.0.0.1:2/v1/"], kept.Destinations!.Values.Select(destination => destination.Address));
        Assert.Equal(
            ["chat-completions/group/kept@2", "messages/group/kept@2", "responses/group/kept@2"],
            second.Routes.Where(route => route.ClusterId == "group/kept@2").Select(route => route.RouteId).Order(StringComparer.Ordinal));
    }
}
