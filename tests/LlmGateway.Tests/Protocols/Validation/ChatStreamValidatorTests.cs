using System.Text;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>The chat validator itself: it accepts a composed clean stream and rejects each kind of defect.</summary>
public sealed class ChatStreamValidatorTests
{
    private const string Head = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,\"model\":\"m\",";

    /// <summary>wire-protocols.md 3.1 with text, and the usage chunk of include_usage.</summary>
    private const string Valid =
        "data: " + Head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
        + "data: " + Head + "\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"need tz\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
        + "data: " + Head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Let me check.\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
        + "data: " + Head + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a1\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"\"}}]},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
        + "data: " + Head + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"tz\\\":\\\"UTC\\\"}\"}}]},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
        + "data: " + Head + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],\"usage\":null}\n\n"
        + "data: " + Head + "\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":9,\"total_tokens\":21,\"prompt_tokens_details\":{\"cached_tokens\":2},\"completion_tokens_details\":{\"reasoning_tokens\":3}}}\n\n"
        + "data: [DONE]\n\n";

    [Fact]
    public void Validate_ComposedStream_AcceptsAndAccumulates()
    {
        var result = ChatAccumulator.FromStream(ChatStreamValidator.Validate(Encoding.UTF8.GetBytes(Valid), "m", includeUsage: true));
        Assert.Equal("Let me check.", result.Text);
        Assert.Equal("need tz", result.Thinking);
        Assert.Equal("get_time", Assert.Single(result.Tools).Name);
        Assert.Equal("{\"tz\":\"UTC\"}", result.Tools[0].Input.ToJsonString());
        Assert.Equal("tool_calls", result.Stop);
        Assert.Equal(12, result.InputTokens);
        Assert.Equal(9, result.OutputTokens);
        Assert.Equal(["reasoning", "text", "tool_call"], result.Blocks);
    }

    [Fact]
    public void Validate_ErrorChunkAfterAPrefix_Accepts()
    {
        var prefix = Valid[..Valid.IndexOf("data: " + Head + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\"", StringComparison.Ordinal)];
        var stream = prefix + "data: {\"error\":{\"message\":\"Overloaded\",\"type\":\"server_error\",\"param\":null,\"code\":\"server_error\"}}\n\n";
        var result = ChatAccumulator.FromStream(ChatStreamValidator.Validate(Encoding.UTF8.GetBytes(stream), "m", includeUsage: true));
        Assert.True(result.Error);
        Assert.Equal("Let me check.", result.Text);
    }

    [Theory]
    [InlineData("crlf", "\n", "\r\n", "contains a CR")]
    [InlineData("event line", "data: [DONE]", "event: done\ndata: [DONE]", "is not one 'data: ' line")]
    [InlineData("no [DONE]", "data: [DONE]\n\n", "", "without data: [DONE]")]
    [InlineData("two ids", "\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\"", "\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\"", "one id per stream")]
    [InlineData("no role first", "{\"role\":\"assistant\",\"content\":\"\"}", "{\"content\":\"\"}", "'role' must be a string")]
    [InlineData("second finish_reason", "{\"content\":\"Let me check.\"},\"logprobs\":null,\"finish_reason\":null", "{\"content\":\"Let me check.\"},\"logprobs\":null,\"finish_reason\":\"stop\"", "after the finish chunk")]
    [InlineData("stop despite tool calls", "\"finish_reason\":\"tool_calls\"", "\"finish_reason\":\"stop\"", "tool_calls iff")]
    [InlineData("invented finish_reason", "\"finish_reason\":\"tool_calls\"", "\"finish_reason\":\"tool_use\"", "undocumented finish_reason")]
    [InlineData("index skips", "{\"index\":0,\"id\":\"call_a1\"", "{\"index\":1,\"id\":\"call_a1\"", "0,1,2… in order")]
    [InlineData("name on continuation", "{\"index\":0,\"function\":{\"arguments\"", "{\"index\":0,\"function\":{\"name\":\"get_time\",\"arguments\"", "repeats id, type or name")]
    [InlineData("no id on first fragment", "\"id\":\"call_a1\",", "", "'id' must be a string")]
    [InlineData("duplicated arguments", "\"arguments\":\"{\\\"tz\\\":\\\"UTC\\\"}\"", "\"arguments\":\"{\\\"tz\\\":\\\"UTC\\\"}{\\\"tz\\\":\\\"UTC\\\"}\"", "not one JSON object")]
    [InlineData("usage sum", "\"total_tokens\":21", "\"total_tokens\":20", "is not prompt_tokens + completion_tokens")]
    [InlineData("usage on a content chunk", "{\"content\":\"Let me check.\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null", "{\"content\":\"Let me check.\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}", "usage belongs on one extra chunk")]
    [InlineData("other model", "\"model\":\"m\"", "\"model\":\"upstream-model\"", "is not the requested model")]
    [InlineData("object", "\"object\":\"chat.completion.chunk\"", "\"object\":\"chat.completion\"", "'object' must be")]
    public void Validate_Defect_RejectsForThatReason(string defect, string find, string replace, string reason)
    {
        Assert.Contains(find, Valid, StringComparison.Ordinal);
        var broken = Valid.Replace(find, replace, StringComparison.Ordinal);
        var e = Assert.Throws<ProtocolViolationException>(() => ChatStreamValidator.Validate(Encoding.UTF8.GetBytes(broken), "m", includeUsage: true));
        Assert.True(e.Message.Contains(reason, StringComparison.Ordinal), $"{defect}: rejected for another reason: {e.Message}");
    }

    [Fact]
    public void Validate_UsageChunkWithoutIncludeUsage_Rejects()
    {
        var e = Assert.Throws<ProtocolViolationException>(() => ChatStreamValidator.Validate(Encoding.UTF8.GetBytes(Valid), "m", includeUsage: false));
        Assert.Contains("not asked for", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DoneAfterErrorChunk_Rejects()
    {
        var stream = Valid.Replace("data: [DONE]", "data: {\"error\":{\"message\":\"x\",\"type\":\"server_error\",\"code\":null}}\n\ndata: [DONE]", StringComparison.Ordinal);
        Assert.Throws<ProtocolViolationException>(() => ChatStreamValidator.Validate(Encoding.UTF8.GetBytes(stream), "m", includeUsage: true));
    }
}
