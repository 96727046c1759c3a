using System.Net;
using LlmGateway.IntegrationTests.Infrastructure;

namespace LlmGateway.IntegrationTests.Failover;

/// <summary>
/// Failures before the first byte are retried on another deployment (or the same, after a backoff), then on fallback
/// groups; the client sees an error only when nothing could answer, and never one another deployment could have avoided.
/// </summary>
public sealed class FailoverTests : IDisposable
{
    private readonly UpstreamMock _good = new();
    private readonly UpstreamMock _bad = new();

    public FailoverTests()
    {
        _good.RespondSse("/v1/messages", UpstreamScenario.PlainText.MessagesStream());
        _good.RespondJson("/v1/chat/completions", 200, UpstreamScenario.PlainText.ChatBody());
    }

    public void Dispose()
    {
        _good.Dispose();
        _bad.Dispose();
    }

    [Fact]
    public async Task DeadDeployment_ConnectionRefused_EveryRequestIsAnsweredByTheOther()
    {
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("dead", "http://127.0.0.1:1/v1", null, "messages")
            .WithUpstream("good", _good.Url + "/v1", null, "messages")
            .WithDeployment("g", "dead", "m", weight: 100)
            .WithDeployment("g", "good", "m"));

        for (var i = 0; i < 8; i++)
        {
            var response = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "g", stream: true));
            Assert.Equal(HttpStatusCode.OK, response.Status);
            Assert.Contains("event: message_stop", response.Body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(529)]
    public async Task FailingStatus_IsRetriedOnAnotherDeployment(int status)
    {
        _bad.RespondJson("/v1/messages", status, """{"type":"error","error":{"type":"api_error","message":"boom"}}""");
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("bad", _bad.Url + "/v1", null, "messages")
            .WithUpstream("good", _good.Url + "/v1", null, "messages")
            .WithDeployment("g", "bad", "m", weight: 1000)
            .WithDeployment("g", "good", "m"));

        var response = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "g", stream: true));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Contains("Hello from the upstream.", string.Concat(response.Body.Split("\"text\":\"").Skip(1).Select(p => p[..p.IndexOf('"', StringComparison.Ordinal)])), StringComparison.Ordinal);
        Assert.Single(_bad.Requests);
    }

    [Fact]
    public async Task RateLimited_WithRetryAfter_IsCooledDownAndSkipped()
    {
        _bad.RespondJson("/v1/messages", 429, """{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}""", ("Retry-After", "120"));
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("limited", _bad.Url + "/v1", null, "messages")
            .WithUpstream("good", _good.Url + "/v1", null, "messages")
            .WithDeployment("g", "limited", "m", weight: 1000)
            .WithDeployment("g", "good", "m"));

        for (var i = 0; i < 5; i++)
        {
            var response = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "g", stream: true));
            Assert.Equal(HttpStatusCode.OK, response.Status);
        }

        // Its Retry-After cooled it down after the first answer: the heavy weight no longer sends traffic there.
        Assert.Single(_bad.Requests);
    }

    [Fact]
    public async Task FailingGroup_FallsBackToTheNextGroup_TranslatingForItsUpstream()
    {
        _bad.RespondJson("/v1/messages", 503, """{"type":"error","error":{"type":"overloaded_error","message":"busy"}}""");
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("bad", _bad.Url + "/v1", null, "messages")
            .WithUpstream("chat", _good.Url + "/v1", null, "chat-completions")
            .WithDeployment("primary", "bad", "m")
            .Set("Gateway:ModelGroups:primary:Retries", "1")
            .Set("Gateway:ModelGroups:primary:Fallbacks:0", "backup")
            .WithDeployment("backup", "chat", "chat-model"));

        var response = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "primary"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Hello from the upstream.", response.Json.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(2, _bad.Requests.Count);
        Assert.Contains("\"model\":\"chat-model\"", Assert.Single(_good.Requests).RequestMessage.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EverythingFails_TheLastErrorReachesTheClientInItsShape()
    {
        _bad.RespondJson("/v1/messages", 503, """{"type":"error","error":{"type":"overloaded_error","message":"busy"}}""");
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("bad", _bad.Url + "/v1", null, "messages")
            .WithDeployment("primary", "bad", "m")
            .Set("Gateway:ModelGroups:primary:Retries", "1")
            .Set("Gateway:ModelGroups:primary:Fallbacks:0", "backup")
            .WithDeployment("backup", "bad", "m2")
            .Set("Gateway:ModelGroups:backup:Retries", "0"));

        var response = await Api.PostAsync(gateway.Url + Api.ResponsesPath, Api.MinimalBody(Api.ResponsesPath, "primary"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
        ErrorShape.AssertOpenAI(response, "server_error");
        Assert.Equal(3, _bad.Requests.Count);
    }
}
