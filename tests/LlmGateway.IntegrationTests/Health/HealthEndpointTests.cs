using System.Net;
using LlmGateway.IntegrationTests.Infrastructure;

namespace LlmGateway.IntegrationTests.Health;

/// <summary><c>/health/live</c> and <c>/health/ready</c>: unauthenticated, and ready only while every group can be served.</summary>
public sealed class HealthEndpointTests : IDisposable
{
    private readonly UpstreamMock _upstream = new();

    public void Dispose() => _upstream.Dispose();

    [Fact]
    public async Task LiveAndReady_WithoutAKey_OnAHealthyGateway()
    {
        using var gateway = GatewayFactory.Start(new GatewaySettings().WithMasterKey("sk-secret"));

        var live = await Api.GetAsync(gateway.Url + "/health/live");
        var ready = await Api.GetAsync(gateway.Url + "/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal("live", live.Json.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("ready", ready.Json.GetProperty("status").GetString());
        Assert.Equal(0, ready.Json.GetProperty("failing_groups").GetArrayLength());
    }

    [Fact]
    public async Task Ready_GroupWhoseOnlyDeploymentCooledDown_Is503NamingItAndNoUrl()
    {
        _upstream.RespondJson("/v1/messages", 429, """{"type":"error","error":{"type":"rate_limit_error","message":"slow"}}""", ("Retry-After", "300"));
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("limited", _upstream.Url + "/v1", "sk-upstream", "messages")
            .WithDeployment("only", "limited", "m")
            .Set("Gateway:ModelGroups:only:Retries", "0"));

        var answer = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "only"));

        // The failure is recorded right after the answer has been sent, so the client may ask before it is: ask again
        // (bounded) rather than race it.
        var ready = await Api.GetAsync(gateway.Url + "/health/ready");
        for (var i = 0; i < 100 && ready.Status == HttpStatusCode.OK; i++)
        {
            await Task.Delay(20);
            ready = await Api.GetAsync(gateway.Url + "/health/ready");
        }

        Assert.Equal((HttpStatusCode)429, answer.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("not_ready", ready.Json.GetProperty("status").GetString());
        Assert.Equal(["only"], ready.Json.GetProperty("failing_groups").EnumerateArray().Select(g => g.GetString()));
        Assert.DoesNotContain("127.0.0.1", ready.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-upstream", ready.Body, StringComparison.Ordinal);
    }
}
