using System.Net;
using LlmGateway.IntegrationTests.Infrastructure;

namespace LlmGateway.IntegrationTests.Timeouts;

/// <summary>Keepalive frames while a streaming upstream pauses, and clients that still get the whole answer.</summary>
public sealed class KeepAliveTests
{
    private const int PauseMilliseconds = 1500;

    [Fact]
    public async Task MessagesClient_GetsPingEventsDuringThePause_AfterMessageStart()
    {
        await using var upstream = Paused();
        using var gateway = Start(upstream);

        var response = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "paused", stream: true));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.StartsWith("event: message_start\n", response.Body, StringComparison.Ordinal);
        var ping = response.Body.IndexOf("event: ping\ndata: {\"type\":\"ping\"}\n\n", StringComparison.Ordinal);
        Assert.True(ping > response.Body.IndexOf("Hello", StringComparison.Ordinal), response.Body);
        Assert.True(ping < response.Body.IndexOf(" world", StringComparison.Ordinal), response.Body);
        Assert.DoesNotContain(": keepalive", response.Body, StringComparison.Ordinal);
        Assert.EndsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponsesClient_GetsSseCommentsDuringThePause()
    {
        await using var upstream = Paused();
        using var gateway = Start(upstream);

        var response = await Api.PostAsync(gateway.Url + Api.ResponsesPath, Api.MinimalBody(Api.ResponsesPath, "paused", stream: true));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var comment = response.Body.IndexOf("\n\n: keepalive\n\n", StringComparison.Ordinal);
        Assert.True(comment > 0, response.Body);
        Assert.True(comment < response.Body.IndexOf(" world", StringComparison.Ordinal), response.Body);
        Assert.DoesNotContain("event: ping", response.Body, StringComparison.Ordinal);
        Assert.Contains("response.completed", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnthropicSdk_IgnoresThePings_AndGetsTheFullAnswer()
    {
        await using var upstream = Paused();
        using var gateway = Start(upstream);

        var deltas = await Sdks.StreamMessagesAsync(Sdks.Anthropic(gateway.Url), Sdks.MessageParams("paused", "hi"));

        Assert.Equal("Hello world", string.Concat(deltas));
    }

    [Fact]
    public async Task OpenAISdk_IgnoresTheComments_AndGetsTheFullAnswer()
    {
        await using var upstream = Paused();
        using var gateway = Start(upstream);

        var (deltas, completed) = await Sdks.StreamResponsesAsync(Sdks.OpenAIResponses(gateway.Url), Sdks.ResponseOptions("paused", "hi", stream: true));

        Assert.Equal("Hello world", string.Concat(deltas));
        Assert.NotNull(completed);
    }

    private static PacedUpstream Paused() => new([
        PacedStep.Now(MessagesStream.Start + MessagesStream.Hello),
        PacedStep.After(PauseMilliseconds, MessagesStream.World + MessagesStream.End),
    ]);

    private static GatewayFactory Start(PacedUpstream upstream) => GatewayFactory.Start(new GatewaySettings()
        .WithUpstream("pausing", upstream.Url + "/v1", null, "messages")
        .WithDeployment("paused", "pausing", "m")
        .Set("Gateway:KeepAliveInterval", "00:00:00.200"));
}
