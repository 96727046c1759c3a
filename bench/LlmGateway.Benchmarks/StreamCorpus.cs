using System.Text;
using LlmGateway.Protocols;

namespace LlmGateway.Benchmarks;

/// <summary>
/// Well-formed upstream SSE streams of one text answer in N deltas, in the shapes the real APIs send (the recorded
/// fixtures in tests/LlmGateway.Tests/Fixtures/recorded): the same words for every API, so pairs compare fairly.
/// </summary>
internal static class StreamCorpus
{
    /// <summary>Deltas per stream in the benchmarks and the canned load-test bodies.</summary>
    public const int Deltas = 200;

    private const string Model = "bench-model-2025-01-01";
    private const long Created = 1788205738;

    private static readonly string[] Words =
    [
        " the", " gateway", " normalizes", " every", " stream", " so", " strict", " clients", " accept", " it",
        ",", " and", " tokens", " arrive", " one", " by", " one", " from", " a", " model", " server", ".",
    ];

    /// <summary>The stream's frames (each a whole SSE event with its blank line), in order.</summary>
    public static IReadOnlyList<byte[]> Frames(WireApi api, int deltas = Deltas) => api switch
    {
        WireApi.Messages => MessagesFrames(deltas),
        WireApi.Responses => ResponsesFrames(deltas),
        WireApi.ChatCompletions => ChatFrames(deltas),
        _ => throw new ArgumentOutOfRangeException(nameof(api)),
    };

    /// <summary>Normalizer options for a streamed response from <paramref name="upstream"/> to a client of <paramref name="client"/>.</summary>
    public static NormalizerOptions Options(WireApi upstream, WireApi client) => new()
    {
        ClientApi = client,
        UpstreamApi = upstream,
        ClientStreams = true,
        UpstreamStreams = true,
        RequestedModel = "bench",
        RequestId = "req_0123456789abcdef",
        IncludeUsage = true,
    };

    /// <summary>The whole stream body.</summary>
    public static byte[] Body(WireApi api, int deltas = Deltas) => [.. Frames(api, deltas).SelectMany(static frame => frame)];

    /// <summary>The JSON-escaped text of delta <paramref name="i"/>: a word, with a paragraph break now and then.</summary>
    private static string DeltaText(int i) => i % 40 == 39 ? Words[i % Words.Length] + "\\n\\n" : Words[i % Words.Length];

    private static string FullText(int deltas) => string.Concat(Enumerable.Range(0, deltas).Select(DeltaText));

    private static byte[] Frame(string? eventName, string data) =>
        Encoding.UTF8.GetBytes(eventName is null ? $"data: {data}\n\n" : $"event: {eventName}\ndata: {data}\n\n");

    private static List<byte[]> MessagesFrames(int deltas)
    {
        var frames = new List<byte[]>
        {
            Frame("message_start", $$$$"""{"type":"message_start","message":{"model":"{{{{Model}}}}","id":"msg_01QC4g3HwBThD4BaNtBckFDJ","type":"message","role":"assistant","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1,"service_tier":"standard"}}}"""),
            Frame("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            Frame("ping", """{"type":"ping"}"""),
        };
        for (var i = 0; i < deltas; i++)
        {
            frames.Add(Frame("content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"{{{DeltaText(i)}}}"}}"""));
        }

        frames.Add(Frame("content_block_stop", """{"type":"content_block_stop","index":0}"""));
        frames.Add(Frame("message_delta", $$$"""{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":{{{deltas}}}}}"""));
        frames.Add(Frame("message_stop", """{"type":"message_stop"}"""));
        return frames;
    }

    private static List<byte[]> ResponsesFrames(int deltas)
    {
        const string id = "resp_0a1b2c3d4e5f60718293a4b5c6d7e8f9";
        const string item = "msg_0a1b2c3d4e5f60718293a4b5c6d7e8f9";
        var text = FullText(deltas);
        string Response(string status, string output, string usage) =>
            $$$"""{"id":"{{{id}}}","object":"response","created_at":{{{Created}}},"status":"{{{status}}}","error":null,"incomplete_details":null,"instructions":null,"max_output_tokens":null,"model":"{{{Model}}}","output":[{{{output}}}],"parallel_tool_calls":true,"previous_response_id":null,"reasoning":{"effort":null,"summary":null},"store":true,"temperature":1,"text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[],"top_p":1,"truncation":"disabled","usage":{{{usage}}},"user":null,"metadata":{}}""";
        var doneItem = $$$"""{"id":"{{{item}}}","type":"message","status":"completed","content":[{"type":"output_text","annotations":[],"logprobs":[],"text":"{{{text}}}"}],"role":"assistant"}""";

        var seq = 0;
        var frames = new List<byte[]>
        {
            Frame("response.created", $$$"""{"type":"response.created","response":{{{Response("in_progress", "", "null")}}},"sequence_number":{{{seq++}}}}"""),
            Frame("response.in_progress", $$$"""{"type":"response.in_progress","response":{{{Response("in_progress", "", "null")}}},"sequence_number":{{{seq++}}}}"""),
            Frame("response.output_item.added", $$$"""{"type":"response.output_item.added","item":{"id":"{{{item}}}","type":"message","status":"in_progress","content":[],"role":"assistant"},"output_index":0,"sequence_number":{{{seq++}}}}"""),
            Frame("response.content_part.added", $$$"""{"type":"response.content_part.added","content_index":0,"item_id":"{{{item}}}","output_index":0,"part":{"type":"output_text","annotations":[],"logprobs":[],"text":""},"sequence_number":{{{seq++}}}}"""),
        };
        for (var i = 0; i < deltas; i++)
        {
            frames.Add(Frame("response.output_text.delta", $$$"""{"type":"response.output_text.delta","content_index":0,"delta":"{{{DeltaText(i)}}}","item_id":"{{{item}}}","logprobs":[],"output_index":0,"sequence_number":{{{seq++}}}}"""));
        }

        frames.Add(Frame("response.output_text.done", $$$"""{"type":"response.output_text.done","content_index":0,"item_id":"{{{item}}}","logprobs":[],"output_index":0,"sequence_number":{{{seq++}}},"text":"{{{text}}}"}"""));
        frames.Add(Frame("response.content_part.done", $$$"""{"type":"response.content_part.done","content_index":0,"item_id":"{{{item}}}","output_index":0,"part":{"type":"output_text","annotations":[],"logprobs":[],"text":"{{{text}}}"},"sequence_number":{{{seq++}}}}"""));
        frames.Add(Frame("response.output_item.done", $$$"""{"type":"response.output_item.done","item":{{{doneItem}}},"output_index":0,"sequence_number":{{{seq++}}}}"""));
        var usage = $$$"""{"input_tokens":12,"input_tokens_details":{"cached_tokens":0},"output_tokens":{{{deltas}}},"output_tokens_details":{"reasoning_tokens":0},"total_tokens":{{{deltas + 12}}}}""";
        frames.Add(Frame("response.completed", $$$"""{"type":"response.completed","response":{{{Response("completed", doneItem, usage)}}},"sequence_number":{{{seq}}}}"""));
        return frames;
    }

    private static List<byte[]> ChatFrames(int deltas)
    {
        static string Chunk(string delta, string finish, string usage) =>
            $$$"""{"id":"chatcmpl-Bx7kQvN2mYtW9pLr4sHa1cDe","object":"chat.completion.chunk","created":{{{Created}}},"model":"{{{Model}}}","system_fingerprint":"fp_0a1b2c3d4e","choices":[{"index":0,"delta":{{{delta}}},"logprobs":null,"finish_reason":{{{finish}}}}],"usage":{{{usage}}}}""";

        var frames = new List<byte[]> { Frame(null, Chunk("""{"role":"assistant","content":"","refusal":null}""", "null", "null")) };
        for (var i = 0; i < deltas; i++)
        {
            frames.Add(Frame(null, Chunk($$$"""{"content":"{{{DeltaText(i)}}}"}""", "null", "null")));
        }

        frames.Add(Frame(null, Chunk("{}", "\"stop\"", "null")));
        frames.Add(Frame(null, $$$$"""{"id":"chatcmpl-Bx7kQvN2mYtW9pLr4sHa1cDe","object":"chat.completion.chunk","created":{{{{Created}}}},"model":"{{{{Model}}}}","system_fingerprint":"fp_0a1b2c3d4e","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":{{{{deltas}}}},"total_tokens":{{{{deltas + 12}}}},"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}"""));
        frames.Add(Frame(null, "[DONE]"));
        return frames;
    }
}
