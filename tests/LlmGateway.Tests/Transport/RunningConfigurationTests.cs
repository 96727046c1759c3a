using LlmGateway.Configuration;
using LlmGateway.Tests.Routing;
using LlmGateway.Transport;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Transport;

public sealed class RunningConfigurationTests
{
    [Fact]
    public void Publish_SwapsTheSnapshot_AndFiresTheTokenTakenBefore()
    {
        var running = new RunningConfiguration(Options.Create(CatalogFixtures.Options()));
        var first = running.Current;
        var token = running.GetChangeToken();
        var next = new ConfigurationSnapshot(CatalogFixtures.Options(), first.Generation + 1);

        running.Publish(next);

        Assert.Equal(1, first.Generation);
        Assert.True(token.HasChanged);
        Assert.Same(next, running.Current);
        Assert.False(running.GetChangeToken().HasChanged);
    }

    [Fact]
    public void Snapshot_HoldsWhatItWasBuiltFrom_WhateverIsPublishedLater()
    {
        var options = CatalogFixtures.Options();
        options.ModelGroups["g"] = CatalogFixtures.Group(("anthropic", "m", 1));
        options.MasterKey = "sk-master";
        var running = new RunningConfiguration(Options.Create(options));
        var held = running.Current;

        running.Publish(new ConfigurationSnapshot(CatalogFixtures.Options(), 2));

        Assert.True(held.Catalog.TryGetGroup("g", out _));
        Assert.True(held.Keys.IsRequired);
        Assert.False(running.Current.Catalog.TryGetGroup("g", out _));
        Assert.False(running.Current.Keys.IsRequired);
    }

    [Fact]
    public void Snapshot_WithAnUnresolvableKey_CannotBeBuilt()
    {
        var options = new GatewayOptions();
        options.ApiKeys.Add(new ApiKeyOptions { Name = "k", Key = "env:LLMGATEWAY_TEST_VARIABLE_THAT_IS_NEVER_SET" });

        Assert.Throws<InvalidOperationException>(() => new ConfigurationSnapshot(options, 2));
    }
}
