using System.Net;
using LlmGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace LlmGateway.IntegrationTests.Errors;

/// <summary>
/// An upstream that drops the connection mid-stream: the transport hands the failure to the normalizer, whose
/// protocol error event closes the client's stream, which never looks complete.
/// </summary>
public sealed class MidStreamFailureTests
{
    private const string Partial = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":0}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}


        """;

    [Fact]
    public async Task UpstreamDropsMidStream_ClientStreamEndsInErrorEvent_AndTheFailureIsLogged()
    {
        await using var upstream = new TruncatingUpstream(Partial);
        var sink = new CapturingSink();
        using var gateway = GatewayFactory.Start(
            new GatewaySettings()
                .WithUpstream("faulty", upstream.Url + "/v1", null, "messages")
                .WithDeployment("flaky", "faulty", "m"),
            services => services.AddSingleton<ILogEventSink>(sink));

        var response = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "flaky", stream: true));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.StartsWith("event: message_start\n", response.Body, StringComparison.Ordinal);
        Assert.EndsWith("\n\n", response.Body, StringComparison.Ordinal);
        Assert.Contains("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\"", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("message_stop", response.Body, StringComparison.Ordinal);
        string? error = null;
        for (var attempt = 0; attempt < 100 && error is null; attempt++)
        {
            error = sink.Events
                .Where(e => e.Properties.TryGetValue("EventId", out var id) && id.ToString().Contains("RequestCompleted", StringComparison.Ordinal))
                .Select(e => e.Properties["Error"].ToString())
                .FirstOrDefault();
            if (error is null)
            {
                await Task.Delay(50);
            }
        }

        Assert.NotNull(error);
        Assert.Contains("upstream body failed", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Api.MessagesPath)]
    [InlineData(Api.ResponsesPath)]
    public async Task UpstreamDropsBeforeTheAnswerIsWhole_NonStreamingClientGetsA502InItsShape(string path)
    {
        await using var upstream = new TruncatingUpstream(Partial);
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("faulty", upstream.Url + "/v1", null, "messages", "responses")
            .WithDeployment("flaky", "faulty", "m"));

        var response = await Api.PostAsync(gateway.Url + path, Api.MinimalBody(path, "flaky", stream: false));

        Assert.Equal(HttpStatusCode.BadGateway, response.Status);
        if (path == Api.MessagesPath)
        {
            ErrorShape.AssertAnthropic(response, "api_error");
        }
        else
        {
            ErrorShape.AssertOpenAI(response, "server_error");
        }
    }
}
