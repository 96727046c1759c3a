#pragma warning disable OPENAI001 // ResponsesClient and its types are marked experimental in OpenAI 2.15.
using System.Text.Json;
using System.Text.Json.Nodes;
using Anthropic;
using Anthropic.Models.Messages;
using LlmGateway.IntegrationTests.Infrastructure;
using OpenAI.Responses;

namespace LlmGateway.IntegrationTests.Sdk;

/// <summary>
/// Every fixture stream (recorded real streams and the malformed corpus) served by a WireMock upstream, normalized by
/// the gateway on Kestrel, and consumed by the official SDK, streaming and not: the SDK's accumulated result must
/// equal the fixture's <c>NAME.expected.json</c> (text, thinking, tool calls, stop reason, usage, or an error).
/// </summary>
public sealed class FixtureSdkTests(FixtureSdkTests.FixtureGateway gateway) : IClassFixture<FixtureSdkTests.FixtureGateway>
{
    private static readonly string FixtureRoot = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static TheoryData<string> MessagesFixtures => Find("malformed/messages", "recorded/anthropic");

    public static TheoryData<string> ResponsesFixtures => Find("malformed/responses", "recorded/openai-responses");

    [Theory]
    [MemberData(nameof(MessagesFixtures))]
    public async Task AnthropicSdk_Streaming_GetsTheExpectedMessage(string fixture)
    {
        var expected = Expected.Load(fixture);
        var client = Sdks.Anthropic(gateway.Url);
        var parameters = Sdks.MessageParams(FixtureGateway.GroupName(fixture), "hi");

        if (expected.Error)
        {
            await Assert.ThrowsAnyAsync<Exception>(async () => await client.Messages.CreateStreaming(parameters).Aggregate());
            return;
        }

        var message = await client.Messages.CreateStreaming(parameters).Aggregate();
        expected.AssertMatches(Summarize(message));
    }

    [Theory]
    [MemberData(nameof(MessagesFixtures))]
    public async Task AnthropicSdk_NotStreaming_GetsTheExpectedMessage(string fixture)
    {
        var expected = Expected.Load(fixture);
        var client = Sdks.Anthropic(gateway.Url);
        var parameters = Sdks.MessageParams(FixtureGateway.GroupName(fixture), "hi");

        if (expected.Error)
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(async () => await client.Messages.Create(parameters));
            Assert.StartsWith("Anthropic", error.GetType().Name, StringComparison.Ordinal);
            return;
        }

        expected.AssertMatches(Summarize(await client.Messages.Create(parameters)));
    }

    [Theory]
    [MemberData(nameof(ResponsesFixtures))]
    public async Task OpenAISdk_Streaming_GetsTheExpectedResponse(string fixture)
    {
        var expected = Expected.Load(fixture);
        var client = Sdks.OpenAIResponses(gateway.Url);
        var text = new System.Text.StringBuilder();
        ResponseResult? final = null;
        var failed = false;
        var sequence = -1L;
        await foreach (var update in await client.CreateResponseStreamingAsync(Sdks.ResponseOptions(FixtureGateway.GroupName(fixture), "hi", stream: true)))
        {
            Assert.Equal(sequence + 1, update.SequenceNumber);
            sequence = update.SequenceNumber;
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    text.Append(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate completed:
                    final = completed.Response;
                    break;
                case StreamingResponseIncompleteUpdate incomplete:
                    final = incomplete.Response;
                    break;
                case StreamingResponseFailedUpdate:
                case StreamingResponseErrorUpdate:
                    failed = true;
                    break;
            }
        }

        Assert.Equal(expected.Error, failed);
        if (expected.Error)
        {
            Assert.Null(final);
            return;
        }

        Assert.NotNull(final);
        var summary = Summarize(final);
        Assert.Equal(summary.Text, text.ToString());
        expected.AssertMatches(summary);
    }

    [Theory]
    [MemberData(nameof(ResponsesFixtures))]
    public async Task OpenAISdk_NotStreaming_GetsTheExpectedResponse(string fixture)
    {
        var expected = Expected.Load(fixture);
        var client = Sdks.OpenAIResponses(gateway.Url);
        var options = Sdks.ResponseOptions(FixtureGateway.GroupName(fixture), "hi", stream: false);

        if (expected.Error)
        {
            await Assert.ThrowsAnyAsync<System.ClientModel.ClientResultException>(async () => await client.CreateResponseAsync(options));
            return;
        }

        ResponseResult response = await client.CreateResponseAsync(options);
        expected.AssertMatches(Summarize(response));
    }

    private static TheoryData<string> Find(params string[] folders)
    {
        var data = new TheoryData<string>();
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(FixtureRoot, folder), "*.sse").Order(StringComparer.Ordinal))
            {
                if (File.Exists(Expected.PathFor(file)))
                {
                    data.Add(Path.GetRelativePath(FixtureRoot, file));
                }
            }
        }

        return data;
    }

    private static Summary Summarize(Message message)
    {
        var text = new System.Text.StringBuilder();
        var thinking = new System.Text.StringBuilder();
        var tools = new JsonArray();
        foreach (var block in message.Content)
        {
            if (block.TryPickText(out var t))
            {
                text.Append(t.Text);
            }
            else if (block.TryPickThinking(out var th))
            {
                thinking.Append(th.Thinking);
            }
            else if (block.TryPickToolUse(out var tool))
            {
                tools.Add(new JsonObject { ["name"] = tool.Name, ["input"] = JsonSerializer.SerializeToNode(tool.Input) });
            }
        }

        return new Summary(text.ToString(), thinking.ToString(), tools, message.StopReason?.Raw(), message.Usage.InputTokens, message.Usage.OutputTokens);
    }

    private static Summary Summarize(ResponseResult response)
    {
        var text = new System.Text.StringBuilder();
        var thinking = new System.Text.StringBuilder();
        var tools = new JsonArray();
        foreach (var item in response.OutputItems)
        {
            switch (item)
            {
                case MessageResponseItem message:
                    foreach (var part in message.Content)
                    {
                        text.Append(part.Text);
                    }

                    break;
                case ReasoningResponseItem reasoning:
                    foreach (var part in reasoning.SummaryParts)
                    {
                        if (part is ReasoningSummaryTextPart summary)
                        {
                            thinking.Append(summary.Text);
                        }
                    }

                    break;
                case FunctionCallResponseItem call:
                    Assert.False(string.IsNullOrEmpty(call.CallId));
                    tools.Add(new JsonObject { ["name"] = call.FunctionName, ["input"] = JsonNode.Parse(call.FunctionArguments.ToString()) });
                    break;
            }
        }

        var status = response.Status?.ToString().ToLowerInvariant();
        return new Summary(text.ToString(), thinking.ToString(), tools, status, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount);
    }

    /// <summary>What a client ends up with, reduced to what the fixtures' expectations name.</summary>
    private sealed record Summary(string Text, string Thinking, JsonArray Tools, string? Stop, long? InputTokens, long? OutputTokens);

    /// <summary>
    /// A fixture's <c>NAME.expected.json</c>; null or absent keys are not checked. A key may hold values per client API
    /// (<c>{"messages": …, "responses": …, "chat": …}</c>); the SDK client of the fixture's own API reads its own.
    /// </summary>
    private sealed class Expected(JsonObject json, string client)
    {
        public bool Error => json["error"]?.GetValue<bool>() ?? false;

        public static string PathFor(string ssePath) => Path.ChangeExtension(ssePath, null) + ".expected.json";

        public static Expected Load(string fixture) =>
            new(
                JsonNode.Parse(File.ReadAllText(PathFor(Path.Combine(FixtureRoot, fixture))))!.AsObject(),
                fixture.Contains("messages", StringComparison.Ordinal) || fixture.Contains("anthropic", StringComparison.Ordinal) ? "messages" : "responses");

        public void AssertMatches(Summary actual)
        {
            AssertString("text", actual.Text);
            AssertString("thinking", actual.Thinking);
            AssertString("stop", actual.Stop);
            AssertLong("input_tokens", actual.InputTokens);
            AssertLong("output_tokens", actual.OutputTokens);
            if (json["tools"] is JsonArray tools)
            {
                Assert.True(JsonNode.DeepEquals(tools, actual.Tools), $"tools: expected {tools.ToJsonString()}, got {actual.Tools.ToJsonString()}");
            }
        }

        private void AssertString(string key, string? actual)
        {
            if (Value(key) is JsonValue value)
            {
                Assert.Equal(value.GetValue<string>(), actual ?? string.Empty);
            }
        }

        private void AssertLong(string key, long? actual)
        {
            if (Value(key) is JsonValue value)
            {
                Assert.Equal(value.GetValue<long>(), actual);
            }
        }

        private JsonNode? Value(string key) =>
            json[key] is JsonObject { Count: > 0 } perClient && perClient.All(p => p.Key is "messages" or "responses" or "chat") ? perClient[client] : json[key];
    }

    /// <summary>One WireMock upstream and one gateway with a model group per fixture, shared by all fixture tests.</summary>
    public sealed class FixtureGateway : IDisposable
    {
        private readonly UpstreamMock _upstream = new();
        private readonly GatewayFactory _gateway;

        public FixtureGateway()
        {
            var settings = new GatewaySettings();
            foreach (var data in new[] { MessagesFixtures, ResponsesFixtures })
            {
                foreach (var row in data)
                {
                    var fixture = row;
                    var name = GroupName(fixture);
                    var messages = fixture.Contains("messages", StringComparison.Ordinal) || fixture.Contains("anthropic", StringComparison.Ordinal);
                    var body = File.ReadAllText(Path.Combine(FixtureRoot, fixture));
                    _upstream.RespondSse($"/{name}/v1/{(messages ? "messages" : "responses")}", body);
                    settings.WithUpstream(name, $"{_upstream.Url}/{name}/v1", "sk-upstream", messages ? "messages" : "responses")
                        .WithDeployment(name, name, "upstream-model");
                }
            }

            _gateway = GatewayFactory.Start(settings);
        }

        public string Url => _gateway.Url;

        public static string GroupName(string fixture) =>
            Path.GetFileNameWithoutExtension(fixture).Replace('.', '-') + "-" + Path.GetFileName(Path.GetDirectoryName(fixture));

        public void Dispose()
        {
            _gateway.Dispose();
            _upstream.Dispose();
        }
    }
}
