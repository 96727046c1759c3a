using System.Text;
using System.Text.Json;

namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>
/// One canned model answer (optional reasoning, optional text, tool calls), written by hand in each upstream API's own
/// wire format, streamed and as a whole body, the way a well-behaved server of that API sends it.
/// </summary>
public sealed record UpstreamScenario(string Name, string? Reasoning, string? Text, IReadOnlyList<(string Id, string Name, string Arguments)> Tools)
{
    public const int InputTokens = 21;
    public const int OutputTokens = 13;

    public static readonly UpstreamScenario PlainText = new("text", null, "Hello from the upstream.", []);

    public static readonly UpstreamScenario Reasoned = new("reasoning", "The user greets; answer briefly.", "Hi there!", []);

    public static readonly UpstreamScenario OneTool = new("tool", null, "Let me check.", [("call_w1", "get_weather", """{"city":"Paris"}""")]);

    public static readonly UpstreamScenario ParallelTools = new(
        "parallel-tools",
        null,
        null,
        [("call_p1", "get_weather", """{"city":"Paris"}"""), ("call_p2", "get_time", """{"tz":"Europe/Paris"}""")]);

    public static IReadOnlyList<UpstreamScenario> All { get; } = [PlainText, Reasoned, OneTool, ParallelTools];

    public static UpstreamScenario Get(string name) => All.Single(s => s.Name == name);

    public bool HasTools => Tools.Count > 0;

    public string MessagesStream()
    {
        var sse = new StringBuilder();
        Frame(sse, "message_start", $$$$"""{"type":"message_start","message":{"id":"msg_up01","type":"message","role":"assistant","model":"up","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":{{{{InputTokens}}}},"output_tokens":1}}}""");
        var index = 0;
        if (Reasoning is not null)
        {
            Frame(sse, "content_block_start", $$$$"""{"type":"content_block_start","index":{{{{index}}}},"content_block":{"type":"thinking","thinking":"","signature":""}}""");
            Frame(sse, "content_block_delta", $$$$"""{"type":"content_block_delta","index":{{{{index}}}},"delta":{"type":"thinking_delta","thinking":{{{{Json(Reasoning)}}}}}}""");
            Frame(sse, "content_block_delta", $$$$"""{"type":"content_block_delta","index":{{{{index}}}},"delta":{"type":"signature_delta","signature":"sig-up"}}""");
            Frame(sse, "content_block_stop", $$$$"""{"type":"content_block_stop","index":{{{{index++}}}}}""");
        }

        if (Text is not null)
        {
            Frame(sse, "content_block_start", $$$$"""{"type":"content_block_start","index":{{{{index}}}},"content_block":{"type":"text","text":""}}""");
            foreach (var piece in Split(Text))
            {
                Frame(sse, "content_block_delta", $$$$"""{"type":"content_block_delta","index":{{{{index}}}},"delta":{"type":"text_delta","text":{{{{Json(piece)}}}}}}""");
            }

            Frame(sse, "content_block_stop", $$$$"""{"type":"content_block_stop","index":{{{{index++}}}}}""");
        }

        foreach (var (id, name, arguments) in Tools)
        {
            Frame(sse, "content_block_start", $$$$"""{"type":"content_block_start","index":{{{{index}}}},"content_block":{"type":"tool_use","id":{{{{Json(id)}}}},"name":{{{{Json(name)}}}},"input":{}}}""");
            foreach (var piece in Split(arguments))
            {
                Frame(sse, "content_block_delta", $$$$"""{"type":"content_block_delta","index":{{{{index}}}},"delta":{"type":"input_json_delta","partial_json":{{{{Json(piece)}}}}}}""");
            }

            Frame(sse, "content_block_stop", $$$$"""{"type":"content_block_stop","index":{{{{index++}}}}}""");
        }

        Frame(sse, "message_delta", $$$$"""{"type":"message_delta","delta":{"stop_reason":"{{{{(HasTools ? "tool_use" : "end_turn")}}}}","stop_sequence":null},"usage":{"output_tokens":{{{{OutputTokens}}}}}}""");
        Frame(sse, "message_stop", """{"type":"message_stop"}""");
        return sse.ToString();
    }

    public string MessagesBody()
    {
        var content = new List<string>();
        if (Reasoning is not null)
        {
            content.Add($$$$"""{"type":"thinking","thinking":{{{{Json(Reasoning)}}}},"signature":"sig-up"}""");
        }

        if (Text is not null)
        {
            content.Add($$$$"""{"type":"text","text":{{{{Json(Text)}}}}}""");
        }

        content.AddRange(Tools.Select(t => $$$$"""{"type":"tool_use","id":{{{{Json(t.Id)}}}},"name":{{{{Json(t.Name)}}}},"input":{{{{t.Arguments}}}}}"""));
        return $$$$"""{"id":"msg_up01","type":"message","role":"assistant","model":"up","content":[{{{{string.Join(',', content)}}}}],"stop_reason":"{{{{(HasTools ? "tool_use" : "end_turn")}}}}","stop_sequence":null,"usage":{"input_tokens":{{{{InputTokens}}}},"output_tokens":{{{{OutputTokens}}}}}}""";
    }

    public string ResponsesStream()
    {
        var sse = new StringBuilder();
        var sequence = 0;
        // Each call passes its fields without their leading quote: a raw string cannot start with one.
        void Event(string type, string fields) =>
            Frame(sse, type, $$$$"""{"type":"{{{{type}}}}","sequence_number":{{{{sequence++}}}},"{{{{fields}}}}}""");

        Event("response.created", $$$$""""response":{{{{ResponseObject("in_progress", [], withUsage: false)}}}}"""");
        Event("response.in_progress", $$$$""""response":{{{{ResponseObject("in_progress", [], withUsage: false)}}}}"""");
        var index = 0;
        if (Reasoning is not null)
        {
            Event("response.output_item.added", $$$$""""output_index":{{{{index}}}},"item":{"id":"rs_up1","type":"reasoning","summary":[]}"""");
            Event("response.reasoning_summary_part.added", $$$$""""item_id":"rs_up1","output_index":{{{{index}}}},"summary_index":0,"part":{"type":"summary_text","text":""}"""");
            Event("response.reasoning_summary_text.delta", $$$$""""item_id":"rs_up1","output_index":{{{{index}}}},"summary_index":0,"delta":{{{{Json(Reasoning)}}}}"""");
            Event("response.reasoning_summary_text.done", $$$$""""item_id":"rs_up1","output_index":{{{{index}}}},"summary_index":0,"text":{{{{Json(Reasoning)}}}}"""");
            Event("response.reasoning_summary_part.done", $$$$""""item_id":"rs_up1","output_index":{{{{index}}}},"summary_index":0,"part":{"type":"summary_text","text":{{{{Json(Reasoning)}}}}}"""");
            Event("response.output_item.done", $$$$""""output_index":{{{{index++}}}},"item":{{{{ReasoningItem()}}}}"""");
        }

        if (Text is not null)
        {
            Event("response.output_item.added", $$$$""""output_index":{{{{index}}}},"item":{"id":"msg_up1","type":"message","status":"in_progress","role":"assistant","content":[]}"""");
            Event("response.content_part.added", $$$$""""item_id":"msg_up1","output_index":{{{{index}}}},"content_index":0,"part":{"type":"output_text","text":"","annotations":[],"logprobs":[]}"""");
            foreach (var piece in Split(Text))
            {
                Event("response.output_text.delta", $$$$""""item_id":"msg_up1","output_index":{{{{index}}}},"content_index":0,"delta":{{{{Json(piece)}}}},"logprobs":[]"""");
            }

            Event("response.output_text.done", $$$$""""item_id":"msg_up1","output_index":{{{{index}}}},"content_index":0,"text":{{{{Json(Text)}}}},"logprobs":[]"""");
            Event("response.content_part.done", $$$$""""item_id":"msg_up1","output_index":{{{{index}}}},"content_index":0,"part":{"type":"output_text","text":{{{{Json(Text)}}}},"annotations":[],"logprobs":[]}"""");
            Event("response.output_item.done", $$$$""""output_index":{{{{index++}}}},"item":{{{{MessageItem()}}}}"""");
        }

        foreach (var (id, name, arguments) in Tools)
        {
            var itemId = "fc_" + id;
            Event("response.output_item.added", $$$$""""output_index":{{{{index}}}},"item":{"id":{{{{Json(itemId)}}}},"type":"function_call","status":"in_progress","call_id":{{{{Json(id)}}}},"name":{{{{Json(name)}}}},"arguments":""}"""");
            foreach (var piece in Split(arguments))
            {
                Event("response.function_call_arguments.delta", $$$$""""item_id":{{{{Json(itemId)}}}},"output_index":{{{{index}}}},"delta":{{{{Json(piece)}}}}"""");
            }

            Event("response.function_call_arguments.done", $$$$""""item_id":{{{{Json(itemId)}}}},"output_index":{{{{index}}}},"arguments":{{{{Json(arguments)}}}}"""");
            Event("response.output_item.done", $$$$""""output_index":{{{{index++}}}},"item":{{{{FunctionItem(id, name, arguments)}}}}"""");
        }

        Event("response.completed", $$$$""""response":{{{{ResponseObject("completed", OutputItems(), withUsage: true)}}}}"""");
        return sse.ToString();
    }

    public string ResponsesBody() => ResponseObject("completed", OutputItems(), withUsage: true);

    public string ChatStream()
    {
        var sse = new StringBuilder();
        void Chunk(string delta, string? finish = null) =>
            sse.Append("data: ").Append($$$$"""{"id":"chatcmpl-up1","object":"chat.completion.chunk","created":1760000000,"model":"up","choices":[{"index":0,"delta":{{{{delta}}}},"finish_reason":{{{{(finish is null ? "null" : Json(finish))}}}}}]}""").Append("\n\n");

        Chunk("""{"role":"assistant","content":""}""");
        if (Reasoning is not null)
        {
            Chunk($$$$"""{"reasoning_content":{{{{Json(Reasoning)}}}}}""");
        }

        if (Text is not null)
        {
            foreach (var piece in Split(Text))
            {
                Chunk($$$$"""{"content":{{{{Json(piece)}}}}}""");
            }
        }

        for (var i = 0; i < Tools.Count; i++)
        {
            var (id, name, arguments) = Tools[i];
            Chunk($$$$"""{"tool_calls":[{"index":{{{{i}}}},"id":{{{{Json(id)}}}},"type":"function","function":{"name":{{{{Json(name)}}}},"arguments":""}}]}""");
            foreach (var piece in Split(arguments))
            {
                Chunk($$$$"""{"tool_calls":[{"index":{{{{i}}}},"function":{"arguments":{{{{Json(piece)}}}}}}]}""");
            }
        }

        Chunk("{}", HasTools ? "tool_calls" : "stop");
        sse.Append("data: ").Append($$$$"""{"id":"chatcmpl-up1","object":"chat.completion.chunk","created":1760000000,"model":"up","choices":[],"usage":{{{{ChatUsage()}}}}}""").Append("\n\n");
        sse.Append("data: [DONE]\n\n");
        return sse.ToString();
    }

    public string ChatBody()
    {
        var message = new List<string> { "\"role\":\"assistant\"", "\"content\":" + (Text is null ? "null" : Json(Text)) };
        if (Reasoning is not null)
        {
            message.Add("\"reasoning_content\":" + Json(Reasoning));
        }

        if (HasTools)
        {
            message.Add("\"tool_calls\":[" + string.Join(',', Tools.Select(t => $$$$"""{"id":{{{{Json(t.Id)}}}},"type":"function","function":{"name":{{{{Json(t.Name)}}}},"arguments":{{{{Json(t.Arguments)}}}}}}""")) + "]");
        }

        return $$$$"""{"id":"chatcmpl-up1","object":"chat.completion","created":1760000000,"model":"up","choices":[{"index":0,"message":{{{{{string.Join(',', message)}}}}},"finish_reason":"{{{{(HasTools ? "tool_calls" : "stop")}}}}"}],"usage":{{{{ChatUsage()}}}}}""";
    }

    public override string ToString() => Name;

    private static string ChatUsage() =>
        $$$$"""{"prompt_tokens":{{{{InputTokens}}}},"completion_tokens":{{{{OutputTokens}}}},"total_tokens":{{{{InputTokens + OutputTokens}}}}}""";

    private static string ResponseObject(string status, IEnumerable<string> output, bool withUsage)
    {
        var usage = withUsage
            ? $$$$"""{"input_tokens":{{{{InputTokens}}}},"input_tokens_details":{"cached_tokens":0},"output_tokens":{{{{OutputTokens}}}},"output_tokens_details":{"reasoning_tokens":0},"total_tokens":{{{{InputTokens + OutputTokens}}}}}"""
            : "null";
        return $$$$"""{"id":"resp_up1","object":"response","created_at":1760000000,"status":"{{{{status}}}}","model":"up","output":[{{{{string.Join(',', output)}}}}],"usage":{{{{usage}}}},"error":null,"incomplete_details":null,"parallel_tool_calls":true,"tool_choice":"auto","tools":[],"metadata":{}}""";
    }

    private IEnumerable<string> OutputItems()
    {
        if (Reasoning is not null)
        {
            yield return ReasoningItem();
        }

        if (Text is not null)
        {
            yield return MessageItem();
        }

        foreach (var (id, name, arguments) in Tools)
        {
            yield return FunctionItem(id, name, arguments);
        }
    }

    private string ReasoningItem() => $$$$"""{"id":"rs_up1","type":"reasoning","summary":[{"type":"summary_text","text":{{{{Json(Reasoning!)}}}}}]}""";

    private string MessageItem() =>
        $$$$"""{"id":"msg_up1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":{{{{Json(Text!)}}}},"annotations":[],"logprobs":[]}]}""";

    private static string FunctionItem(string id, string name, string arguments) =>
        $$$$"""{"id":{{{{Json("fc_" + id)}}}},"type":"function_call","status":"completed","call_id":{{{{Json(id)}}}},"name":{{{{Json(name)}}}},"arguments":{{{{Json(arguments)}}}}}""";

    private static void Frame(StringBuilder sse, string name, string data) =>
        sse.Append("event: ").Append(name).Append("\ndata: ").Append(data).Append("\n\n");

    /// <summary>Splits a string in a few pieces, as a model streams it.</summary>
    private static IEnumerable<string> Split(string text)
    {
        var size = Math.Max(1, text.Length / 3);
        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }

    private static string Json(string value) => JsonSerializer.Serialize(value);
}
