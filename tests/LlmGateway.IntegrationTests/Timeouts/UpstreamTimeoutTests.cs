using System.Net;
using LlmGateway.IntegrationTests.Infrastructure;

namespace LlmGateway.IntegrationTests.Timeouts;

/// <summary>
/// First-token and idle timeouts against an upstream that stalls. Timeouts are hundreds of milliseconds and the stalls
/// seconds, so the assertions hold on a slow machine; they check outcomes, never timings.
/// </summary>
public sealed class UpstreamTimeoutTests
{
    [Fact]
    public async Task NoResponseHeadersWithinTheGroupsFirstTokenTimeout_ClientGets504TimeoutError_InMessagesShape()
    {
        await using var upstream = new PacedUpstream([PacedStep.Now(MessagesStream.Start + MessagesStream.End)], headerDelay: TimeSpan.FromSeconds(5));
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("slow", upstream.Url + "/v1", null, "messages")
            .WithDeployment("slowgroup", "slow", "m")
            .Set("Gateway:ModelGroups:slowgroup:Timeouts:FirstTokenTimeout", "00:00:00.300"));

        var response = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "slowgroup", stream: true));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.Status);
        ErrorShape.AssertAnthropic(response, "timeout_error");
    }

    [Fact]
    public async Task HeadersButNoFirstBodyBytesWithinTheUpstreamsFirstTokenTimeout_ClientGets504TimeoutError_InOpenAIShape()
    {
        await using var upstream = new PacedUpstream([new PacedStep(TimeSpan.FromSeconds(5), MessagesStream.Start + MessagesStream.End)]);
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("slow", upstream.Url + "/v1", null, "messages")
            .Set("Gateway:Upstreams:slow:FirstTokenTimeout", "00:00:00.300")
            .WithDeployment("slowgroup", "slow", "m"));

        var response = await Api.PostAsync(gateway.Url + Api.ResponsesPath, Api.MinimalBody(Api.ResponsesPath, "slowgroup", stream: true));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.Status);
        ErrorShape.AssertOpenAI(response, "timeout_error");
    }

    [Fact]
    public async Task UpstreamStallsMidStreamPastTheIdleTimeout_StreamEndsWithTimeoutErrorEvent()
    {
        await using var upstream = new PacedUpstream([PacedStep.Now(MessagesStream.Start + MessagesStream.Hello)], stallAtEnd: true);
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("stalling", upstream.Url + "/v1", null, "messages")
            .Set("Gateway:Upstreams:stalling:IdleTimeout", "00:00:00.300")
            .WithDeployment("stallgroup", "stalling", "m"));

        var response = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "stallgroup", stream: true));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.StartsWith("event: message_start\n", response.Body, StringComparison.Ordinal);
        Assert.Contains("Hello", response.Body, StringComparison.Ordinal);
        Assert.Contains("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"timeout_error\"", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("message_stop", response.Body, StringComparison.Ordinal);
        Assert.EndsWith("\n\n", response.Body, StringComparison.Ordinal);

        // The gateway hangs up on the stalled upstream rather than leaving the connection open.
        await upstream.ClosedByGateway.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
