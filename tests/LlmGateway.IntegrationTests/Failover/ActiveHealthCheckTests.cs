using System.Net;
using LlmGateway.IntegrationTests.Infrastructure;

namespace LlmGateway.IntegrationTests.Failover;

/// <summary>An upstream whose active health check fails gets no traffic while another deployment is healthy.</summary>
public sealed class ActiveHealthCheckTests : IDisposable
{
    private readonly UpstreamMock _sick = new();
    private readonly UpstreamMock _well = new();

    public void Dispose()
    {
        _sick.Dispose();
        _well.Dispose();
    }

    [Fact]
    public async Task FailingHealthCheck_TakesTheUpstreamOutOfRotation()
    {
        _sick.RespondJson("/v1/models", 503, """{"error":{"message":"down"}}""");
        _sick.RespondSse("/v1/messages", UpstreamScenario.PlainText.MessagesStream());
        _well.RespondJson("/v1/models", 200, """{"object":"list","data":[]}""");
        _well.RespondSse("/v1/messages", UpstreamScenario.PlainText.MessagesStream());
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("sick", _sick.Url + "/v1", null, "messages")
            .Set("Gateway:Upstreams:sick:HealthCheck:Path", "/models")
            .Set("Gateway:Upstreams:sick:HealthCheck:Interval", "00:00:30")
            .WithUpstream("well", _well.Url + "/v1", null, "messages")
            .WithDeployment("g", "sick", "m", weight: 1000)
            .WithDeployment("g", "well", "m"));

        // The first check runs at start; wait (bounded) until it has been answered.
        for (var i = 0; i < 100 && !_sick.Requests.Any(r => r.RequestMessage.Path == "/v1/models"); i++)
        {
            await Task.Delay(50);
        }

        await Task.Delay(1000); // the gateway records the failed check right after WireMock logged it; a wide margin
        for (var i = 0; i < 10; i++)
        {
            var response = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "g", stream: true));
            Assert.Equal(HttpStatusCode.OK, response.Status);
        }

        Assert.DoesNotContain(_sick.Requests, r => r.RequestMessage.Path == "/v1/messages");
        Assert.Equal(10, _well.Requests.Count(r => r.RequestMessage.Path == "/v1/messages"));
    }
}
