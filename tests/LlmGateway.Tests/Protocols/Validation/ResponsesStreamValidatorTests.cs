using System.Text;
using LlmGateway.Tests.Protocols.Testing;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>The validator itself: it accepts real and composed valid streams and rejects each kind of defect.</summary>
public sealed class ResponsesStreamValidatorTests
{
    private const string Skeleton = "\"object\":\"response\",\"created_at\":1760000000,\"model\":\"m\",\"parallel_tool_calls\":true,\"tool_choice\":\"auto\",\"tools\":[],\"metadata\":{}";

    private const string Usage = "\"usage\":{\"input_tokens\":5,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":1,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":6}";

    private const string Message = "{\"id\":\"msg_9a1\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hi\",\"annotations\":[],\"logprobs\":[]}]}";

    private const string Reasoning = "{\"id\":\"rs_9a1\",\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"Greet.\"}]}";

    private const string Call = "{\"id\":\"fc_9a1\",\"type\":\"function_call\",\"status\":\"completed\",\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}";

    /// <summary>wire-protocols.md 2.6 with a reasoning item before and a function call after the message.</summary>
    private static readonly string Valid = Stream(
        ("response.created", $"\"response\":{{\"id\":\"resp_9a1\",{Skeleton},\"status\":\"in_progress\",\"output\":[],\"usage\":null,\"error\":null,\"incomplete_details\":null}}"),
        ("response.in_progress", $"\"response\":{{\"id\":\"resp_9a1\",{Skeleton},\"status\":\"in_progress\",\"output\":[],\"usage\":null,\"error\":null,\"incomplete_details\":null}}"),
        ("response.output_item.added", "\"output_index\":0,\"item\":{\"id\":\"rs_9a1\",\"type\":\"reasoning\",\"summary\":[]}"),
        ("response.reasoning_summary_part.added", "\"item_id\":\"rs_9a1\",\"output_index\":0,\"summary_index\":0,\"part\":{\"type\":\"summary_text\",\"text\":\"\"}"),
        ("response.reasoning_summary_text.delta", "\"item_id\":\"rs_9a1\",\"output_index\":0,\"summary_index\":0,\"delta\":\"Greet.\""),
        ("response.reasoning_summary_text.done", "\"item_id\":\"rs_9a1\",\"output_index\":0,\"summary_index\":0,\"text\":\"Greet.\""),
        ("response.reasoning_summary_part.done", "\"item_id\":\"rs_9a1\",\"output_index\":0,\"summary_index\":0,\"part\":{\"type\":\"summary_text\",\"text\":\"Greet.\"}"),
        ("response.output_item.done", $"\"output_index\":0,\"item\":{Reasoning}"),
        ("response.output_item.added", "\"output_index\":1,\"item\":{\"id\":\"msg_9a1\",\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}"),
        ("response.content_part.added", "\"item_id\":\"msg_9a1\",\"output_index\":1,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[],\"logprobs\":[]}"),
        ("response.output_text.delta", "\"item_id\":\"msg_9a1\",\"output_index\":1,\"content_index\":0,\"delta\":\"Hi\",\"logprobs\":[]"),
        ("response.output_text.done", "\"item_id\":\"msg_9a1\",\"output_index\":1,\"content_index\":0,\"text\":\"Hi\",\"logprobs\":[]"),
        ("response.content_part.done", "\"item_id\":\"msg_9a1\",\"output_index\":1,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"Hi\",\"annotations\":[],\"logprobs\":[]}"),
        ("response.output_item.done", $"\"output_index\":1,\"item\":{Message}"),
        ("response.output_item.added", "\"output_index\":2,\"item\":{\"id\":\"fc_9a1\",\"type\":\"function_call\",\"status\":\"in_progress\",\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"\"}"),
        ("response.function_call_arguments.delta", "\"item_id\":\"fc_9a1\",\"output_index\":2,\"delta\":\"{\\\"a\\\":1}\""),
        ("response.function_call_arguments.done", "\"item_id\":\"fc_9a1\",\"output_index\":2,\"arguments\":\"{\\\"a\\\":1}\""),
        ("response.output_item.done", $"\"output_index\":2,\"item\":{Call}"),
        ("response.completed", $"\"response\":{{\"id\":\"resp_9a1\",{Skeleton},\"status\":\"completed\",\"output\":[{Reasoning},{Message},{Call}],{Usage},\"error\":null,\"incomplete_details\":null}}"));

    public static TheoryData<string> RealStreams() => new(["recorded/openai-responses/text", "recorded/openai-responses/gpt-5.1-tool-call", "recorded/openai-responses/web-search-tool"]);

    [Fact]
    public void Validate_ComposedStream_AcceptsAndAccumulates()
    {
        var result = ResponsesAccumulator.FromStream(ResponsesStreamValidator.Validate(Encoding.UTF8.GetBytes(Valid), "m"));
        Assert.Equal("Hi", result.Text);
        Assert.Equal("Greet.", result.Thinking);
        Assert.Equal("f", Assert.Single(result.Tools).Name);
        Assert.Equal("{\"a\":1}", result.Tools[0].Input.ToJsonString());
        Assert.Equal("completed", result.Stop);
        Assert.Equal(5, result.InputTokens);
        Assert.Equal(1, result.OutputTokens);
        Assert.Equal(["reasoning", "message", "function_call"], result.Blocks);
    }

    /// <summary>Real api.openai.com streams are valid (the hand-written failed-only and the Copilot id-rotating ones are not).</summary>
    [Theory]
    [MemberData(nameof(RealStreams))]
    public void Validate_RealOpenAIStream_Accepts(string fixtureId)
    {
        ResponsesStreamValidator.Validate(Fixture.Get(fixtureId).Bytes(), requestedModel: null);
    }

    [Fact]
    public void Validate_RecordedCopilotStream_RejectsRotatingIds()
    {
        Assert.Throws<ProtocolViolationException>(() => ResponsesStreamValidator.Validate(Fixture.Get("recorded/openai-responses/copilot-id-rotation").Bytes(), requestedModel: null));
    }

    [Fact]
    public void Validate_ErrorThenFailed_Accepts()
    {
        var prefix = Valid[..Valid.IndexOf("event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"sequence_number\":14", StringComparison.Ordinal)];
        var stream = prefix + Stream(
            14,
            ("error", "\"code\":\"server_error\",\"message\":\"boom\",\"param\":null,\"error\":{\"type\":\"server_error\",\"code\":\"server_error\",\"message\":\"boom\",\"param\":null}"),
            ("response.failed", $"\"response\":{{\"id\":\"resp_9a1\",{Skeleton},\"status\":\"failed\",\"output\":[{Reasoning},{Message}],{Usage},\"error\":{{\"code\":\"server_error\",\"message\":\"boom\"}},\"incomplete_details\":null}}"));
        var result = ResponsesAccumulator.FromStream(ResponsesStreamValidator.Validate(Encoding.UTF8.GetBytes(stream), "m"));
        Assert.True(result.Error);
        Assert.Equal("failed", result.Stop);
        Assert.Equal("Hi", result.Text);
    }

    [Fact]
    public void Validate_DoneSentinel_AcceptedOnlyWhenConfigured()
    {
        var stream = Encoding.UTF8.GetBytes(Valid + "data: [DONE]\n\n");
        ResponsesStreamValidator.Validate(stream, "m", doneSentinelAllowed: true);
        Assert.Throws<ProtocolViolationException>(() => ResponsesStreamValidator.Validate(stream, "m"));
        Assert.Throws<ProtocolViolationException>(() => ResponsesStreamValidator.Validate(Encoding.UTF8.GetBytes(Valid), "m", doneSentinelAllowed: true));
    }

    [Theory]
    [InlineData("no event line", "event: response.output_text.delta\n", "", "expected exactly 'event:' and 'data:'")]
    [InlineData("sequence gap", "\"sequence_number\":5,", "\"sequence_number\":6,", "(0,1,2… on every frame")]
    [InlineData("missing sequence_number", "\"type\":\"response.output_text.done\",\"sequence_number\":11,", "\"type\":\"response.output_text.done\",", "'sequence_number' must be an integer")]
    [InlineData("in_progress missing", "event: response.in_progress\ndata: {\"type\":\"response.in_progress\"", "event: response.queued\ndata: {\"type\":\"response.queued\"", "response.in_progress must follow response.created")]
    [InlineData("float created_at", "\"created_at\":1760000000", "\"created_at\":1760000000.0", "'created_at' must be an integer")]
    [InlineData("logprobs null", "\"delta\":\"Hi\",\"logprobs\":[]", "\"delta\":\"Hi\",\"logprobs\":null", "'logprobs' must be an array when present")]
    [InlineData("item_id differs", "\"item_id\":\"msg_9a1\",\"output_index\":1,\"content_index\":0,\"delta\"", "\"item_id\":\"msg_OTHER\",\"output_index\":1,\"content_index\":0,\"delta\"", "differs from the open item's id")]
    [InlineData("output_index gap", "\"output_index\":1,\"item\":{\"id\":\"msg_9a1\",\"type\":\"message\",\"status\":\"in_progress\"", "\"output_index\":3,\"item\":{\"id\":\"msg_9a1\",\"type\":\"message\",\"status\":\"in_progress\"", "dense from 0")]
    [InlineData("content_index wrong", "\"content_index\":0,\"delta\"", "\"content_index\":1,\"delta\"", "the part's position")]
    [InlineData("undocumented event", "response.reasoning_summary_part.added", "response.reasoning_part.added", "undocumented event name")]
    [InlineData("done text differs", "\"text\":\"Hi\",\"logprobs\":[]", "\"text\":\"Hi!\",\"logprobs\":[]", "done text differs from the concatenated deltas")]
    [InlineData("function call added without call_id", "\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"\"", "\"name\":\"f\",\"arguments\":\"\"", "'call_id' must be a string")]
    [InlineData("function call added with arguments", "\"name\":\"f\",\"arguments\":\"\"", "\"name\":\"f\",\"arguments\":\"{}\"", "'arguments' must be \"\"")]
    [InlineData("terminal without usage", $",{Usage},\"error\":null", ",\"error\":null", "'usage' must be an object")]
    [InlineData("terminal output misses an item", $"\"output\":[{Reasoning},{Message},{Call}]", $"\"output\":[{Message},{Call}]", "output has 2 items but 3 were streamed")]
    [InlineData("terminal with another response id", "\"response\":{\"id\":\"resp_9a1\",\"object\":\"response\",\"created_at\":1760000000,\"model\":\"m\",\"parallel_tool_calls\":true,\"tool_choice\":\"auto\",\"tools\":[],\"metadata\":{},\"status\":\"completed\"", "\"response\":{\"id\":\"resp_OTHER\",\"object\":\"response\",\"created_at\":1760000000,\"model\":\"m\",\"parallel_tool_calls\":true,\"tool_choice\":\"auto\",\"tools\":[],\"metadata\":{},\"status\":\"completed\"", "differs from response.created's")]
    [InlineData("total_tokens not the sum", "\"total_tokens\":6", "\"total_tokens\":7", "is not input_tokens + output_tokens")]
    [InlineData("other model", "\"model\":\"m\"", "\"model\":\"gpt-upstream\"", "is not the requested model")]
    [InlineData("event name differs from type", "event: response.output_text.done\n", "event: response.output_text.delta\n", "differs from data.type")]
    public void Validate_Defect_RejectsForThatReason(string defect, string find, string replace, string reason)
    {
        Assert.Contains(find, Valid, StringComparison.Ordinal);
        var broken = Valid.Replace(find, replace, StringComparison.Ordinal);
        var e = Assert.Throws<ProtocolViolationException>(() => ResponsesStreamValidator.Validate(Encoding.UTF8.GetBytes(broken), "m"));
        Assert.True(e.Message.Contains(reason, StringComparison.Ordinal), $"{defect}: rejected for another reason: {e.Message}");
    }

    [Theory]
    [InlineData("call_1", false)]
    [InlineData("call_2", true)]
    public void Validate_SecondFunctionCall_RejectsADuplicateCallId(string callId, bool valid)
    {
        var second = $"{{\"id\":\"fc_9a2\",\"type\":\"function_call\",\"status\":\"completed\",\"call_id\":\"{callId}\",\"name\":\"f\",\"arguments\":\"{{}}\"}}";
        var end = Valid.IndexOf("event: response.completed", StringComparison.Ordinal);
        var stream = Encoding.UTF8.GetBytes(Valid[..end] + Stream(
            18,
            ("response.output_item.added", $"\"output_index\":3,\"item\":{{\"id\":\"fc_9a2\",\"type\":\"function_call\",\"status\":\"in_progress\",\"call_id\":\"{callId}\",\"name\":\"f\",\"arguments\":\"\"}}"),
            ("response.function_call_arguments.delta", "\"item_id\":\"fc_9a2\",\"output_index\":3,\"delta\":\"{}\""),
            ("response.function_call_arguments.done", "\"item_id\":\"fc_9a2\",\"output_index\":3,\"arguments\":\"{}\""),
            ("response.output_item.done", $"\"output_index\":3,\"item\":{second}"),
            ("response.completed", $"\"response\":{{\"id\":\"resp_9a1\",{Skeleton},\"status\":\"completed\",\"output\":[{Reasoning},{Message},{Call},{second}],{Usage},\"error\":null,\"incomplete_details\":null}}")));
        if (valid)
        {
            ResponsesStreamValidator.Validate(stream, "m");
        }
        else
        {
            var e = Assert.Throws<ProtocolViolationException>(() => ResponsesStreamValidator.Validate(stream, "m"));
            Assert.Contains("is used by an earlier function call", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("response.content_part.added")]
    [InlineData("response.output_text.done")]
    [InlineData("response.content_part.done")]
    [InlineData("response.output_item.added")]
    [InlineData("response.function_call_arguments.done")]
    [InlineData("response.reasoning_summary_part.done")]
    [InlineData("response.created")]
    [InlineData("response.completed")]
    public void Validate_MissingEvent_Rejects(string name)
    {
        var frames = Valid.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).ToList();
        var index = frames.FindIndex(f => f.StartsWith($"event: {name}\n", StringComparison.Ordinal));
        frames.RemoveAt(index);
        var renumbered = string.Concat(frames.Select((f, i) => System.Text.RegularExpressions.Regex.Replace(f, "\"sequence_number\":\\d+", $"\"sequence_number\":{i}") + "\n\n"));
        Assert.Throws<ProtocolViolationException>(() => ResponsesStreamValidator.Validate(Encoding.UTF8.GetBytes(renumbered), "m"));
    }

    private static string Stream(params (string Type, string Fields)[] events) => Stream(0, events);

    private static string Stream(int firstSequence, params (string Type, string Fields)[] events) =>
        string.Concat(events.Select((e, i) => $"event: {e.Type}\ndata: {{\"type\":\"{e.Type}\",\"sequence_number\":{firstSequence + i},{e.Fields}}}\n\n"));
}
