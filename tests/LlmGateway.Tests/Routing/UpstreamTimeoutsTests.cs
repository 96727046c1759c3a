using LlmGateway.Configuration;
using LlmGateway.Routing;

namespace LlmGateway.Tests.Routing;

public sealed class UpstreamTimeoutsTests
{
    [Fact]
    public void Resolve_NothingSet_UsesTheDefaults()
    {
        var timeouts = UpstreamTimeouts.Resolve(new TimeoutOptions(), new UpstreamOptions());

        Assert.Equal(TimeSpan.FromSeconds(10), timeouts.Connect);
        Assert.Equal(TimeSpan.FromSeconds(120), timeouts.FirstToken);
        Assert.Equal(TimeSpan.FromSeconds(120), timeouts.Idle);
    }

    [Fact]
    public void Resolve_GroupOverridesWinOverTheUpstream_WhichWinsOverTheDefaults()
    {
        var upstream = new UpstreamOptions { ConnectTimeout = TimeSpan.FromSeconds(3), IdleTimeout = TimeSpan.FromSeconds(30) };
        var group = new TimeoutOptions { IdleTimeout = TimeSpan.FromSeconds(5) };

        var timeouts = UpstreamTimeouts.Resolve(group, upstream);

        Assert.Equal(TimeSpan.FromSeconds(3), timeouts.Connect);
        Assert.Equal(TimeSpan.FromSeconds(120), timeouts.FirstToken);
        Assert.Equal(TimeSpan.FromSeconds(5), timeouts.Idle);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_NonPositiveTimeouts_NameTheirKeys(int seconds)
    {
        var options = new GatewayOptions { KeepAliveInterval = TimeSpan.FromSeconds(seconds) };
        options.Upstreams["u"] = new UpstreamOptions { BaseUrl = "http://127.0.0.1:1/v1", Apis = { "messages" }, FirstTokenTimeout = TimeSpan.FromSeconds(seconds) };
        var group = new ModelGroupOptions { Deployments = { new DeploymentOptions { Upstream = "u", Model = "m" } } };
        group.Timeouts.ConnectTimeout = TimeSpan.FromSeconds(seconds);
        options.ModelGroups["g"] = group;

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, failure => failure.StartsWith("Gateway:KeepAliveInterval:", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Gateway:Upstreams:u:FirstTokenTimeout:", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Gateway:ModelGroups:g:Timeouts:ConnectTimeout:", StringComparison.Ordinal));
    }
}
