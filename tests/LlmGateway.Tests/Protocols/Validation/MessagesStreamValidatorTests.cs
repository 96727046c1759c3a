using System.Text;
using LlmGateway.Tests.Protocols.Testing;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>The validator itself: it accepts real and composed valid streams and rejects each kind of defect.</summary>
public sealed class MessagesStreamValidatorTests
{
    /// <summary>wire-protocols.md 1.11, plus a text block and a ping.</summary>
    private const string Valid =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01X\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":0,\"output_tokens\":0}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"check tz\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: ping\ndata: {\"type\":\"ping\"}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Let me check.\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01A\",\"name\":\"get_time\",\"input\":{}}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"tz\\\":\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"UTC\\\"}\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"input_tokens\":12,\"output_tokens\":9}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    public static TheoryData<string> RealStreams() => new(Fixture.Streams.Where(f => f.Id.StartsWith("recorded/anthropic/", StringComparison.Ordinal)).Select(f => f.Id));

    [Fact]
    public void Validate_ComposedStream_AcceptsAndAccumulates()
    {
        var result = MessagesAccumulator.FromStream(MessagesStreamValidator.Validate(Encoding.UTF8.GetBytes(Valid), "m"));
        Assert.Equal("Let me check.", result.Text);
        Assert.Equal("check tz", result.Thinking);
        Assert.Equal("get_time", Assert.Single(result.Tools).Name);
        Assert.Equal("{\"tz\":\"UTC\"}", result.Tools[0].Input.ToJsonString());
        Assert.Equal("tool_use", result.Stop);
        Assert.Equal(12, result.InputTokens);
        Assert.Equal(9, result.OutputTokens);
        Assert.Equal(["thinking", "text", "tool_use"], result.Blocks);
    }

    [Theory]
    [MemberData(nameof(RealStreams))]
    public void Validate_RealAnthropicStream_Accepts(string fixtureId)
    {
        MessagesStreamValidator.Validate(Fixture.Get(fixtureId).Bytes(), requestedModel: null);
    }

    [Fact]
    public void Validate_ErrorAfterAPrefix_Accepts()
    {
        var prefix = Valid[..Valid.IndexOf("event: content_block_stop", StringComparison.Ordinal)];
        var stream = prefix + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
        var result = MessagesAccumulator.FromStream(MessagesStreamValidator.Validate(Encoding.UTF8.GetBytes(stream), "m"));
        Assert.True(result.Error);
        Assert.Equal("check tz", result.Thinking);
    }

    [Theory]
    [InlineData("crlf", "\n", "\r\n", "contains a CR")]
    [InlineData("no event line", "event: content_block_stop\n", "", "expected exactly 'event:' and 'data:'")]
    [InlineData("event name differs from type", "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}", "event: content_block_end\ndata: {\"type\":\"content_block_stop\",\"index\":0}", "differs from data.type")]
    [InlineData("blank line between event and data", "event: ping\ndata:", "event: ping\n\ndata:", "expected exactly 'event:' and 'data:'")]
    [InlineData("empty data", "data: {\"type\":\"ping\"}", "data: ", "has empty data")]
    [InlineData("[DONE]", "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\ndata: [DONE]\n\n", "no [DONE]")]
    [InlineData("second message_start", "event: ping\n", "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01X\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":0,\"output_tokens\":0}}}\n\nevent: ping\n", "a second message_start")]
    [InlineData("index skips", "\"index\":1,\"content_block\"", "\"index\":2,\"content_block\"", "indices 0,1,2")]
    [InlineData("negative delta index", "\"index\":1,\"delta\"", "\"index\":-1,\"delta\"", "but the open block is")]
    [InlineData("text in start payload", "{\"type\":\"text\",\"text\":\"\"}", "{\"type\":\"text\",\"text\":\"Hi\"}", "'text' must be \"\"")]
    [InlineData("tool input in start payload", "\"input\":{}", "\"input\":{\"tz\":\"UTC\"}", "'input' must be an empty object")]
    [InlineData("thinking delta in text block", "{\"type\":\"text_delta\",\"text\":\"Let me check.\"}", "{\"type\":\"thinking_delta\",\"thinking\":\"Let me check.\"}", "delta kind must match")]
    [InlineData("empty text block", "{\"type\":\"text_delta\",\"text\":\"Let me check.\"}", "{\"type\":\"text_delta\",\"text\":\"\"}", "no empty text blocks")]
    [InlineData("duplicated tool json", "\"partial_json\":\"\\\"UTC\\\"}\"", "\"partial_json\":\"\\\"UTC\\\"}{\\\"tz\\\":1}\"", "not one JSON object")]
    [InlineData("message_delta without usage", ",\"usage\":{\"input_tokens\":12,\"output_tokens\":9}", "", "'usage' must be an object")]
    [InlineData("usage without output_tokens", "\"input_tokens\":12,\"output_tokens\":9", "\"input_tokens\":12", "'output_tokens' must be an integer")]
    [InlineData("null stop_reason", "\"stop_reason\":\"tool_use\"", "\"stop_reason\":null", "'stop_reason' must be a string")]
    [InlineData("invented stop_reason", "\"stop_reason\":\"tool_use\"", "\"stop_reason\":\"tool_calls\"", "undocumented stop_reason")]
    [InlineData("missing message_stop", "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", "", "ends without message_stop")]
    [InlineData("unknown event", "event: ping\ndata: {\"type\":\"ping\"}", "event: message_metadata\ndata: {\"type\":\"message_metadata\"}", "undocumented event name")]
    [InlineData("float index", "\"index\":1,\"delta\"", "\"index\":1.0,\"delta\"", "'index' must be an integer")]
    [InlineData("id without msg_ prefix", "\"id\":\"msg_01X\"", "\"id\":\"resp_01X\"", "does not start with msg_")]
    [InlineData("other model", "\"model\":\"m\"", "\"model\":\"upstream-model\"", "is not the requested model")]
    [InlineData("content not empty in message_start", "\"content\":[]", "\"content\":[{\"type\":\"text\",\"text\":\"x\"}]", "'content' must be an empty array")]
    [InlineData("no trailing blank line", "{\"type\":\"message_stop\"}\n\n", "{\"type\":\"message_stop\"}\n", "ends inside a frame")]
    public void Validate_Defect_RejectsForThatReason(string defect, string find, string replace, string reason)
    {
        Assert.Contains(find, Valid, StringComparison.Ordinal);
        var broken = Valid.Replace(find, replace, StringComparison.Ordinal);
        var e = Assert.Throws<ProtocolViolationException>(() => MessagesStreamValidator.Validate(Encoding.UTF8.GetBytes(broken), "m"));
        Assert.True(e.Message.Contains(reason, StringComparison.Ordinal), $"{defect}: rejected for another reason: {e.Message}");
    }

    [Fact]
    public void Validate_BlockNotStoppedBeforeMessageDelta_Rejects()
    {
        var broken = Valid.Replace("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}\n\n", string.Empty, StringComparison.Ordinal);
        Assert.Throws<ProtocolViolationException>(() => MessagesStreamValidator.Validate(Encoding.UTF8.GetBytes(broken), "m"));
    }

    [Fact]
    public void Validate_DeltaWithoutStart_Rejects()
    {
        var broken = Valid.Replace("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n", string.Empty, StringComparison.Ordinal);
        Assert.Throws<ProtocolViolationException>(() => MessagesStreamValidator.Validate(Encoding.UTF8.GetBytes(broken), "m"));
    }

    [Fact]
    public void Validate_DuplicateToolUseId_Rejects()
    {
        var tool = Valid[Valid.IndexOf("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2", StringComparison.Ordinal)..Valid.IndexOf("event: message_delta", StringComparison.Ordinal)];
        var again = tool.Replace("\"index\":2", "\"index\":3", StringComparison.Ordinal);
        var broken = Valid.Replace(tool, tool + again, StringComparison.Ordinal);
        var e = Assert.Throws<ProtocolViolationException>(() => MessagesStreamValidator.Validate(Encoding.UTF8.GetBytes(broken), "m"));
        Assert.Contains("is used by an earlier block", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EventAfterError_Rejects()
    {
        var broken = Valid.Replace("event: ping\ndata: {\"type\":\"ping\"}\n\n", "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"x\"}}\n\n", StringComparison.Ordinal);
        Assert.Throws<ProtocolViolationException>(() => MessagesStreamValidator.Validate(Encoding.UTF8.GetBytes(broken), "m"));
    }
}
