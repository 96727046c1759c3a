using System.Net;
using System.Text;
using System.Text.Json;
using LlmGateway.Configuration;
using LlmGateway.Transport;
using LlmGateway.Transport.Builtin;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Transport.Builtin;

public sealed class EchoUpstreamTests
{
    [Fact]
    public async Task Messages_NonStreaming_IsAWellFormedMessage()
    {
        using var response = await SendAsync("/messages", """{"model":"echo-1","messages":[{"role":"user","content":"hello  echo   world"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("msg_", json.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("message", json.GetProperty("type").GetString());
        Assert.Equal("assistant", json.GetProperty("role").GetString());
        Assert.Equal("echo-1", json.GetProperty("model").GetString());
        Assert.Equal("hello echo world", json.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("end_turn", json.GetProperty("stop_reason").GetString());
        Assert.Equal(3, json.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal(3, json.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task Messages_Streaming_SendsEveryWordAsItsOwnDelta_InTheEventGrammar()
    {
        using var response = await SendAsync("/messages", """{"model":"m","stream":true,"messages":[{"role":"user","content":"one two three"}]}""");

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = ParseSse(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            ["message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            events.Select(e => e.Name));
        Assert.All(events, e => Assert.Equal(e.Name, e.Data.GetProperty("type").GetString()));
        Assert.Equal(["one", " two", " three"], events.Where(e => e.Name == "content_block_delta").Select(e => e.Data.GetProperty("delta").GetProperty("text").GetString()));
        var messageDelta = events.Single(e => e.Name == "message_delta").Data;
        Assert.Equal("end_turn", messageDelta.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal(3, messageDelta.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task Responses_Streaming_HasLifecycleItemAndSequenceNumbers()
    {
        using var response = await SendAsync("/v1/responses", """{"model":"m","stream":true,"input":"alpha beta"}""");

        var events = ParseSse(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            ["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
             "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed"],
            events.Select(e => e.Name));
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
        var itemId = events[2].Data.GetProperty("item").GetProperty("id").GetString();
        Assert.All(events.Where(e => e.Data.TryGetProperty("item_id", out _)), e => Assert.Equal(itemId, e.Data.GetProperty("item_id").GetString()));
        var completed = events[^1].Data.GetProperty("response");
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.Equal("alpha beta", completed.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Number, completed.GetProperty("created_at").ValueKind);
        Assert.Equal(2, completed.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task Responses_NonStreaming_IsACompletedResponse()
    {
        using var response = await SendAsync("/responses", """{"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"hi there"}]}]}""");

        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("response", json.GetProperty("object").GetString());
        Assert.Equal("completed", json.GetProperty("status").GetString());
        Assert.Equal("hi there", json.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task ChatCompletions_Streaming_IsDataOnlyChunks_EndingInDone()
    {
        using var response = await SendAsync("/v1/chat/completions", """{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"a b"}]}""");

        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("event:", body, StringComparison.Ordinal);
        var frames = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(frame => frame["data: ".Length..]).ToList();
        Assert.Equal("[DONE]", frames[^1]);
        var chunks = frames[..^1].Select(frame => JsonDocument.Parse(frame).RootElement).ToList();
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal(["a", " b"], chunks.Skip(1).Take(2).Select(c => c.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()));
        Assert.Equal("stop", chunks[3].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(0, chunks[4].GetProperty("choices").GetArrayLength());
        Assert.Equal(2, chunks[4].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
    }

    [Fact]
    public async Task ChatCompletions_NonStreaming_IsAChatCompletion()
    {
        using var response = await SendAsync("/chat/completions", """{"model":"m","messages":[{"role":"user","content":"plain"}]}""");

        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("chat.completion", json.GetProperty("object").GetString());
        Assert.Equal("plain", json.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(2, json.GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task NothingToEcho_StillAnswersWithText()
    {
        using var response = await SendAsync("/messages", """{"model":"m","messages":[]}""");

        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("content")[0].GetProperty("text").GetString()));
        Assert.Equal(0, json.GetProperty("usage").GetProperty("input_tokens").GetInt32());
    }

    [Theory]
    [InlineData("/embeddings", "{}", HttpStatusCode.NotFound)]
    [InlineData("/messages", "not json", HttpStatusCode.BadRequest)]
    public async Task BadRequests_GetJsonErrors(string path, string body, HttpStatusCode expected)
    {
        using var response = await SendAsync(path, body);

        Assert.Equal(expected, response.StatusCode);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Streaming_WaitsTheWordDelay_AndHonoursCancellation()
    {
        var echo = new EchoUpstream(new RunningConfiguration(Options.Create(new GatewayOptions { Echo = { WordDelayMilliseconds = 60_000 } })), TimeProvider.System);
        using var request = Request("/messages", """{"model":"m","stream":true,"messages":[{"role":"user","content":"slow words"}]}""");
        using var response = await echo.SendAsync(request, CancellationToken.None);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];

        // The frames before the first word need no delay.
        var read = 0;
        var text = new StringBuilder();
        while (!text.ToString().Contains("event: ping", StringComparison.Ordinal))
        {
            read = await body.ReadAsync(buffer);
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => body.ReadAsync(buffer, cancellation.Token).AsTask());
    }

    private static async Task<HttpResponseMessage> SendAsync(string path, string body)
    {
        var echo = new EchoUpstream(new RunningConfiguration(Options.Create(new GatewayOptions { Echo = { WordDelayMilliseconds = 0 } })), TimeProvider.System);
        using var request = Request(path, body);
        return await echo.SendAsync(request, CancellationToken.None);
    }

    private static HttpRequestMessage Request(string path, string body) =>
        new(HttpMethod.Post, "http://echo.builtin.invalid" + path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static List<(string Name, JsonElement Data)> ParseSse(string body) =>
        body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(frame => frame.Split('\n'))
            .Select(lines => (lines[0]["event: ".Length..], JsonDocument.Parse(lines[1]["data: ".Length..]).RootElement))
            .ToList();
}
