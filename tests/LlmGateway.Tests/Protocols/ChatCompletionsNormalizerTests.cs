using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LlmGateway.Protocols;
using LlmGateway.Tests.Protocols.Testing;

namespace LlmGateway.Tests.Protocols;

/// <summary>Chat Completions specifics the fixture corpus does not show: ids, dropped fragments, extra choices, API pairs.</summary>
public sealed class ChatCompletionsNormalizerTests
{
    private const string Head = "{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,\"model\":\"m\",\"choices\":[";

    [Fact]
    public void Supports_EveryPairOfTheThreeApis()
    {
        foreach (var client in Enum.GetValues<WireApi>())
        {
            foreach (var upstream in Enum.GetValues<WireApi>())
            {
                Assert.True(ResponseNormalizerFactory.Supports(client, upstream), $"{client} ← {upstream}");
            }
        }
    }

    [Fact]
    public void Normalize_UpstreamToolIds_AreKeptForEveryClient()
    {
        var input = Fixture.Get("malformed/chat/parallel-calls-share-index-zero").Bytes();
        Assert.Equal(["call_a", "call_b"], ChatToolIds(Run(WireApi.ChatCompletions, input, clientStreams: false)));
        var message = JsonNode.Parse(Run(WireApi.Messages, input, clientStreams: false))!;
        Assert.Equal(["call_a", "call_b"], message["content"]!.AsArray().Select(b => (string)b!["id"]!));
        var response = JsonNode.Parse(Run(WireApi.Responses, input, clientStreams: false))!;
        Assert.Equal(["call_a", "call_b"], response["output"]!.AsArray().Select(i => (string)i!["call_id"]!));
    }

    [Fact]
    public void Normalize_EmptyUpstreamToolId_IsSynthesized()
    {
        var input = Fixture.Get("malformed/chat/empty-tool-id-blank-names").Bytes();
        var id = Assert.Single(ChatToolIds(Run(WireApi.ChatCompletions, input, clientStreams: false)));
        Assert.Matches("^call_[0-9A-Za-z]{24}$", id);
        var message = JsonNode.Parse(Run(WireApi.Messages, input, clientStreams: false))!;
        Assert.Matches("^toolu_[0-9A-Za-z]{24}$", (string)message["content"]![0]!["id"]!);
    }

    [Fact]
    public void Normalize_FragmentForACallAlreadyEmitted_IsDroppedAndCounted()
    {
        // Text between two fragments of one call closes the call; the late fragment cannot reopen it.
        var input = Stream(
            "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":null}",
            "{\"index\":0,\"delta\":{\"content\":\"Meanwhile\"},\"finish_reason\":null}",
            "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"late\\\":1}\"}}]},\"finish_reason\":null}",
            "{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}");
        var options = NormalizerHarness.Options(WireApi.ChatCompletions, clientStreams: true);
        var output = NormalizerHarness.Run(options, input, [], out var report);
        var result = NormalizerHarness.ValidateAndAccumulate(options, output, "late fragment");
        Assert.Equal("Meanwhile", result.Text);
        Assert.Equal("{}", Assert.Single(result.Tools).Input.ToJsonString());
        Assert.Equal(1, report.Count(RepairKind.DroppedEvent));
    }

    [Fact]
    public void Normalize_SeveralChoices_OnlyChoiceZeroIsRead()
    {
        var input = Stream(
            "{\"index\":1,\"delta\":{\"content\":\"other\"},\"finish_reason\":null},{\"index\":0,\"delta\":{\"content\":\"first\"},\"finish_reason\":null}",
            "{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}");
        var options = NormalizerHarness.Options(WireApi.Messages, clientStreams: true, upstreamApi: WireApi.ChatCompletions);
        var result = NormalizerHarness.ValidateAndAccumulate(options, NormalizerHarness.Run(options, input, []), "two choices");
        Assert.Equal("first", result.Text);
    }

    [Fact]
    public void Normalize_ErrorChunkAfterTheFinish_EndsInAnError()
    {
        var input = Encoding.UTF8.GetBytes(
            "data: " + Head + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: {\"error\":{\"message\":\"late failure\",\"type\":\"server_error\",\"code\":null}}\n\n");
        foreach (var client in Enum.GetValues<WireApi>())
        {
            var options = NormalizerHarness.Options(client, clientStreams: true, upstreamApi: WireApi.ChatCompletions);
            var output = NormalizerHarness.Run(options, input, [], out var report);
            Assert.True(NormalizerHarness.ValidateAndAccumulate(options, output, $"{client} error after finish").Error);
            Assert.Equal("late failure", report.Error);
        }
    }

    [Fact]
    public void Normalize_ChatBodyForAClientWithoutIncludeUsage_StillCarriesUsage()
    {
        var fixture = Fixture.Get("bodies/chat/length");
        var options = NormalizerHarness.Options(WireApi.ChatCompletions, clientStreams: false, upstreamStreams: false, includeUsage: false);
        var body = JsonNode.Parse(NormalizerHarness.Run(options, fixture.Bytes(), []))!;
        Assert.Equal(12, (long)body["usage"]!["total_tokens"]!);
        Assert.Equal("length", (string)body["choices"]![0]!["finish_reason"]!);
    }

    /// <summary>Repeated names and odd values, which both JSON readers must take the same way.</summary>
    private const string RepeatedAndOddFields =
        "data: { \"id\" : \"chatcmpl-a\", \"id\":\"chatcmpl-b\",\"choices\":null,\"created\":1.5e9 }\n\n" +
        "data: {\"choices\":{\"index\":0},\"x\":[1,{\"y\":[]}],\"usage\":null}\n\n" +
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"dropped\"}}],\"choices\":null}\n\n" +
        "data: {\"choices\":[{\"index\":0,\"index\":1,\"delta\":{\"content\":\"first index\",\"content\":\" counts\"}},{\"index\":0,\"delta\":{\"content\":\"second choice\"}}]}\n\n" +
        "data: {\"choices\":[{\"index\":1,\"delta\":{\"content\":\"no\"}},{\"delta\":{\"content\":\"yes\"},\"index\":0}],\"choices\":[{\"index\":0,\"delta\":{\"content\":\" last\"}}]}\n\n" +
        "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2},\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n" +
        "data: [DONE]\n\n";

    /// <summary>
    /// Chunks that repeat the one before with other text and pads, which the decoder reads by comparison, among chunks
    /// that differ in something else that matters: another kind of text, a second string, usage, a tool call, a finish
    /// reason, a pad of another kind, an invalid escape.
    /// </summary>
    private static readonly string TemplatedRun = string.Concat(new[]
        {
            """{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"obfuscation":"ab"}""",
            """{"index":0,"delta":{"content":""},"logprobs":null,"finish_reason":null}],"obfuscation":"abc"}""",
            """{"index":0,"delta":{"content":""},"logprobs":null,"finish_reason":null}],"obfuscation":"abc"}""",
            """{"index":0,"delta":{"reasoning_content":"first"},"logprobs":null,"finish_reason":null}],"obfuscation":"ab"}""",
            """{"index":0,"delta":{"content":"Hel"},"logprobs":null,"finish_reason":null}],"obfuscation":"abc"}""",
            """{"index":0,"delta":{"content":"lo \"x\" \u00e9"},"logprobs":null,"finish_reason":null}],"obfuscation":"a"}""",
            """{"index":0,"delta":{"content":""},"logprobs":null,"finish_reason":null}],"obfuscation":"abcd"}""",
            """{"index":0,"delta":{"reasoning_content":"think"},"logprobs":null,"finish_reason":null}],"obfuscation":"ab"}""",
            """{"index":0,"delta":{"reasoning_content":""},"logprobs":null,"finish_reason":null}],"obfuscation":"ab"}""",
            """{"index":0,"delta":{"reasoning_content":" more"},"logprobs":null,"finish_reason":null}],"obfuscation":"x"}""",
            """{"index":0,"delta":{"reasoning_content":"a","reasoning":"other name"},"logprobs":null,"finish_reason":null}],"obfuscation":"x"}""",
            """{"index":0,"delta":{"reasoning_content":"","reasoning":"other name"},"logprobs":null,"finish_reason":null}],"obfuscation":"x"}""",
            """{"index":0,"delta":{"reasoning_content":"","reasoning":""},"logprobs":null,"finish_reason":null}],"obfuscation":"x"}""",
            """{"index":0,"delta":{"content":"after"},"logprobs":null,"finish_reason":null}],"obfuscation":"x"}""",
            """{"index":0,"delta":{"content":"after","refusal":"no"},"logprobs":null,"finish_reason":null}],"obfuscation":"x"}""",
            """{"index":0,"delta":{"content":"","refusal":"no"},"logprobs":null,"finish_reason":null}],"obfuscation":"x"}""",
            """{"index":0,"delta":{"content":"after","refusal":""},"logprobs":null,"finish_reason":null}],"obfuscation":"x"}""",
            """{"index":0,"delta":{"content":"x"},"logprobs":null,"finish_reason":null}],"obfuscation":"x","usage":{"prompt_tokens":1,"completion_tokens":1}}""",
            """{"index":0,"delta":{"content":"x2"},"logprobs":null,"finish_reason":null}],"obfuscation":"x","usage":{"prompt_tokens":1,"completion_tokens":2}}""",
            """{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":""}}]},"logprobs":null,"finish_reason":null}],"obfuscation":"x"}""",
            """{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{}"}}]},"logprobs":null,"finish_reason":null}],"obfuscation":"x"}""",
            """{"index":0,"delta":{"content":"y"},"logprobs":null,"finish_reason":null}],"obfuscation":"x"}""",
            """{"index":0,"delta":{"content":"z"},"logprobs":null,"finish_reason":"stop"}],"obfuscation":"x"}""",
            """{"index":0,"delta":{"content":"z2"},"logprobs":null,"finish_reason":"stop"}],"obfuscation":"x"}""",
            """{"index":0,"delta":{"content":"w"},"logprobs":null,"finish_reason":null}],"obfuscation":"x"}""",
            """{"index":0,"delta":{"content":"w"},"logprobs":null,"finish_reason":null}],"obfuscation":1}""",
            """{"index":0,"delta":{"content":"bad \q"},"logprobs":null,"finish_reason":null}],"obfuscation":1}""",
            """{"index":0,"delta":{"content":"v"},"logprobs":null,"finish_reason":null},{"index":1,"delta":{"content":"n2"}}],"obfuscation":1}""",
            """{"index":0,"delta":{"content":"u"},"logprobs":null,"finish_reason":null},{"index":1,"delta":{"content":"n3"}}],"obfuscation":1}""",
            """{"index":0,"delta":{},"logprobs":null,"finish_reason":"length"}],"usage":{"prompt_tokens":3,"completion_tokens":9}}""",
        }.Select((chunk, i) => $"data: {{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":5,\"n\":{i},\"model\":\"m\",\"choices\":[{chunk}\n\n"))
        + "data: [DONE]\n\n";

    [Fact]
    public void Normalize_RepeatedNames_TakeTheFirstChoiceAndIndexAndTheLastOfTheRest()
    {
        // Choice 0 is the first with index 0 (its own first index counts); the last choices array and the last content win.
        var options = NormalizerHarness.Options(WireApi.Messages, clientStreams: true, upstreamApi: WireApi.ChatCompletions);
        var output = NormalizerHarness.Run(options, Encoding.UTF8.GetBytes(RepeatedAndOddFields), []);
        Assert.Equal(" counts last", NormalizerHarness.ValidateAndAccumulate(options, output, "repeated names").Text);
    }

    [Fact]
    public void Normalize_ChunksLeftToTheFullJsonReader_GiveTheSameOutputAsTheFastReader()
    {
        // A chunk that repeats the last text chunk is read by comparison with it, any other by the decoder's flat reader
        // (the forced variant of a stream has neither: the template needs the flat reader's list of unknown fields).
        // The decoder reads a chunk's top level, choices and deltas with its own flat reader and falls back to
        // Utf8JsonReader for anything that reader declines, such as an escaped property name. An unknown escaped name in
        // front of every chunk and delta forces the fallback without changing what they say, so both readers must yield
        // the same client bytes.
        var inputs = Fixture.Streams.Concat(Fixture.Bodies)
            .Where(f => f.Api == WireApi.ChatCompletions)
            .Select(f => (f.Id, Bytes: f.Bytes(), Streams: !f.IsBody))
            .Append(("edge cases", Encoding.UTF8.GetBytes(RepeatedAndOddFields), true))
            .Append(("templated run", Encoding.UTF8.GetBytes(TemplatedRun), true));
        foreach (var (id, input, streams) in inputs)
        {
            var forced = ForceFullReader(input);
            Assert.NotEqual(input, forced);
            foreach (var client in new[] { WireApi.Messages, WireApi.Responses, WireApi.ChatCompletions })
            {
                var options = NormalizerHarness.Options(client, clientStreams: streams, upstreamStreams: streams, upstreamApi: WireApi.ChatCompletions);
                var fast = NormalizerHarness.CanonicalizeIds(NormalizerHarness.Run(options, input, []));
                var full = NormalizerHarness.CanonicalizeIds(NormalizerHarness.Run(options, forced, []));
                Assert.True(fast == full, $"{id} → {client}:\n{fast}\n---\n{full}");
            }
        }
    }

    /// <summary>Puts <c>"\u0078":0</c> first in every chunk or body object and in every delta or message object.</summary>
    private static byte[] ForceFullReader(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        const string Inserted = "\"\\u0078\":0";
        text = text.TrimStart().StartsWith('{')
            ? text.Insert(text.IndexOf('{', StringComparison.Ordinal) + 1, Inserted + ",")
            : Regex.Replace(text, @"^(data: ?\{)(?!\s*\})", "$1" + Inserted + ",", RegexOptions.Multiline);
        text = Regex.Replace(text, @"(""(?:delta|message)""\s*:\s*\{)(\s*\})?", m => m.Groups[1].Value + Inserted + (m.Groups[2].Success ? m.Groups[2].Value : ","));
        return Encoding.UTF8.GetBytes(text);
    }

    private static byte[] Run(WireApi client, byte[] input, bool clientStreams)
    {
        var options = NormalizerHarness.Options(client, clientStreams, upstreamApi: WireApi.ChatCompletions);
        var output = NormalizerHarness.Run(options, input, []);
        NormalizerHarness.ValidateAndAccumulate(options, output, $"chat → {client}");
        return output;
    }

    private static List<string> ChatToolIds(byte[] body) =>
        JsonNode.Parse(body)!["choices"]![0]!["message"]!["tool_calls"]!.AsArray().Select(c => (string)c!["id"]!).ToList();

    private static byte[] Stream(params string[] choices)
    {
        var text = new StringBuilder("data: " + Head + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
        foreach (var choice in choices)
        {
            text.Append("data: ").Append(Head).Append(choice).Append("]}\n\n");
        }

        return Encoding.UTF8.GetBytes(text.Append("data: [DONE]\n\n").ToString());
    }
}
