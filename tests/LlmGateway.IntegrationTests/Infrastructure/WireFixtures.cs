namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>Well-formed upstream bodies (wire-protocols.md 1.11 and 2.6, text only).</summary>
public static class WireFixtures
{
    public const string MessagesStream = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_01X","type":"message","role":"assistant","model":"upstream-model","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":7,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: ping
        data: {"type":"ping"}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" from upstream"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3}}

        event: message_stop
        data: {"type":"message_stop"}


        """;

    public const string MessagesBody = """{"id":"msg_01Y","type":"message","role":"assistant","model":"upstream-model","content":[{"type":"text","text":"Hello from upstream"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":7,"output_tokens":3,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}""";

    public const string ResponsesStream = """
        event: response.created
        data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_9a1","object":"response","created_at":1760000000,"status":"in_progress","model":"upstream-model","output":[],"usage":null,"error":null,"incomplete_details":null,"parallel_tool_calls":true,"tools":[],"tool_choice":"auto","metadata":{}}}

        event: response.output_item.added
        data: {"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"msg_9a1","type":"message","status":"in_progress","role":"assistant","content":[]}}

        event: response.content_part.added
        data: {"type":"response.content_part.added","sequence_number":2,"item_id":"msg_9a1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[],"logprobs":[]}}

        event: response.output_text.delta
        data: {"type":"response.output_text.delta","sequence_number":3,"item_id":"msg_9a1","output_index":0,"content_index":0,"delta":"Hello","logprobs":[]}

        event: response.output_text.delta
        data: {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_9a1","output_index":0,"content_index":0,"delta":" from upstream","logprobs":[]}

        event: response.output_text.done
        data: {"type":"response.output_text.done","sequence_number":5,"item_id":"msg_9a1","output_index":0,"content_index":0,"text":"Hello from upstream","logprobs":[]}

        event: response.content_part.done
        data: {"type":"response.content_part.done","sequence_number":6,"item_id":"msg_9a1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"Hello from upstream","annotations":[],"logprobs":[]}}

        event: response.output_item.done
        data: {"type":"response.output_item.done","sequence_number":7,"output_index":0,"item":{"id":"msg_9a1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hello from upstream","annotations":[],"logprobs":[]}]}}

        event: response.completed
        data: {"type":"response.completed","sequence_number":8,"response":{"id":"resp_9a1","object":"response","created_at":1760000000,"status":"completed","model":"upstream-model","output":[{"id":"msg_9a1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hello from upstream","annotations":[],"logprobs":[]}]}],"usage":{"input_tokens":5,"input_tokens_details":{"cached_tokens":0},"output_tokens":3,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":8},"error":null,"incomplete_details":null,"parallel_tool_calls":true,"tools":[],"tool_choice":"auto","metadata":{}}}


        """;
}
