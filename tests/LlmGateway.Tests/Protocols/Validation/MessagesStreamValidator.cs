using System.Text;
using System.Text.Json.Nodes;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>
/// Asserts every rule of wire-protocols.md 1.4–1.8 and the section 6 Messages checklist on an SSE output:
/// <code>
/// stream   := message_start ( ping | block )* message_delta+ message_stop
///           | &lt;any prefix of the above&gt; error
/// block(i) := content_block_start(i) ( content_block_delta(i) | ping )* content_block_stop(i)
/// </code>
/// Frames are exactly <c>event: X\ndata: {json}\n\n</c> with X == data.type and a documented X; no <c>[DONE]</c>;
/// one <c>message_start</c> first; indices 0,1,2… with one open block; empty start shells; delta kind matches the
/// block; one <c>signature_delta</c> last in a thinking block; tool JSON parses to an object; no empty text block;
/// every block stopped before <c>message_delta</c>, which has a documented <c>stop_reason</c>, <c>stop_sequence</c>
/// and integer <c>usage.output_tokens</c>; one <c>message_stop</c> last, or a terminal <c>error</c>.
/// </summary>
public static class MessagesStreamValidator
{
    /// <summary>Validates and returns the frames.</summary>
    /// <param name="requestedModel">The model the message must name, or null to accept any non-empty model.</param>
    public static List<SseOutputFrame> Validate(ReadOnlySpan<byte> output, string? requestedModel)
    {
        var frames = StrictSseReader.Read(output, out var done);
        if (done.Count > 0)
        {
            throw new ProtocolViolationException($"The Messages API has no [DONE] sentinel, but the output has one after frame {done[0]} (wire-protocols.md 1.4).");
        }

        if (frames.Count == 0)
        {
            throw new ProtocolViolationException("The output has no event at all.");
        }

        var started = false;
        var afterMessageDelta = false;
        var ended = false;
        var nextIndex = 0;
        var toolIds = new HashSet<string>(StringComparer.Ordinal);
        OpenBlock? open = null;
        foreach (var frame in frames)
        {
            var where = frame.ToString();
            var data = frame.Data;
            if (ended)
            {
                throw JsonAssert.Violation(where, "event after the terminal message_stop / error");
            }

            if (!MessagesRules.EventNames.Contains(frame.Event))
            {
                throw JsonAssert.Violation(where, $"undocumented event name '{frame.Event}' (wire-protocols.md 1.4: never invent names)");
            }

            if (frame.Event == "error")
            {
                var error = JsonAssert.Object(data, "error", where);
                JsonAssert.NonEmptyString(error, "type", where + " error");
                JsonAssert.String(error, "message", where + " error");
                ended = true;
                continue;
            }

            if (!started && frame.Event != "message_start")
            {
                throw JsonAssert.Violation(where, "the first event must be message_start (wire-protocols.md 1.8, checklist 6.2)");
            }

            switch (frame.Event)
            {
                case "message_start":
                    if (started)
                    {
                        throw JsonAssert.Violation(where, "a second message_start (wire-protocols.md 1.8 rule 5)");
                    }

                    ValidateMessageStart(data, requestedModel, where);
                    started = true;
                    break;

                case "ping":
                    if (data.Count != 1)
                    {
                        throw JsonAssert.Violation(where, "ping carries nothing but its type");
                    }

                    break;

                case "content_block_start":
                    if (afterMessageDelta)
                    {
                        throw JsonAssert.Violation(where, "content_block_start after message_delta");
                    }

                    if (open is not null)
                    {
                        throw JsonAssert.Violation(where, $"content_block_start while block {open.Index} is still open (one open block at a time, rule 1.8.2)");
                    }

                    var index = JsonAssert.Integer(data, "index", where);
                    if (index != nextIndex)
                    {
                        throw JsonAssert.Violation(where, $"block index {index}, expected {nextIndex} (indices 0,1,2…, rule 1.8.1)");
                    }

                    var block = JsonAssert.Object(data, "content_block", where);
                    open = new OpenBlock(nextIndex, ValidateStartShell(block, where));
                    if (MessagesRules.ToolLikeBlocks.Contains(open.Type) && !toolIds.Add(JsonAssert.String(block, "id", where)))
                    {
                        throw JsonAssert.Violation(where, $"tool id '{block["id"]}' is used by an earlier block (the client's tool_result blocks must each name one tool_use)");
                    }

                    nextIndex++;
                    break;

                case "content_block_delta":
                    if (open is null)
                    {
                        throw JsonAssert.Violation(where, "content_block_delta with no open block (rule 1.8, row 4)");
                    }

                    CheckIndex(data, open, where);
                    ApplyDelta(open, JsonAssert.Object(data, "delta", where), where);
                    break;

                case "content_block_stop":
                    if (open is null)
                    {
                        throw JsonAssert.Violation(where, "content_block_stop with no open block");
                    }

                    CheckIndex(data, open, where);
                    Close(open, where);
                    open = null;
                    break;

                case "message_delta":
                    if (open is not null)
                    {
                        throw JsonAssert.Violation(where, $"message_delta while block {open.Index} is open (every block stopped before message_delta, checklist 6.3)");
                    }

                    ValidateMessageDelta(data, where);
                    afterMessageDelta = true;
                    break;

                case "message_stop":
                    if (!afterMessageDelta)
                    {
                        throw JsonAssert.Violation(where, "message_stop without a message_delta before it (grammar 1.8: message_delta+ message_stop)");
                    }

                    if (data.Count != 1)
                    {
                        throw JsonAssert.Violation(where, "message_stop carries nothing but its type");
                    }

                    ended = true;
                    break;
            }
        }

        if (!ended)
        {
            throw new ProtocolViolationException($"The stream ends without message_stop or error (last event: {frames[^1]}); a stream must never look complete when it is not, nor stop without its terminal event.");
        }

        return frames;
    }

    private static void ValidateMessageStart(JsonObject data, string? requestedModel, string where)
    {
        var message = JsonAssert.Object(data, "message", where);
        var w = where + " message";
        var id = JsonAssert.NonEmptyString(message, "id", w);
        if (!id.StartsWith("msg_", StringComparison.Ordinal))
        {
            throw JsonAssert.Violation(w, $"id '{id}' does not start with msg_");
        }

        JsonAssert.Equal(message, "type", "message", w);
        JsonAssert.Equal(message, "role", "assistant", w);
        var model = JsonAssert.NonEmptyString(message, "model", w);
        if (requestedModel is not null && model != requestedModel)
        {
            throw JsonAssert.Violation(w, $"model '{model}' is not the requested model '{requestedModel}'");
        }

        JsonAssert.EmptyArray(message, "content", w);
        JsonAssert.Null(message, "stop_reason", w);
        JsonAssert.Null(message, "stop_sequence", w);
        var usage = JsonAssert.Object(message, "usage", w);
        JsonAssert.NonNegativeInteger(usage, "input_tokens", w + " usage");
        JsonAssert.NonNegativeInteger(usage, "output_tokens", w + " usage");
    }

    /// <summary>Start payloads are empty shells (wire-protocols.md 1.6); returns the block type.</summary>
    private static string ValidateStartShell(JsonObject block, string where)
    {
        var type = JsonAssert.NonEmptyString(block, "type", where + " content_block");
        var w = $"{where} {type} start";
        switch (type)
        {
            case "text":
                JsonAssert.Equal(block, "text", string.Empty, w);
                if (block.ContainsKey("citations"))
                {
                    JsonAssert.EmptyArray(block, "citations", w);
                }

                break;
            case "thinking":
                JsonAssert.Equal(block, "thinking", string.Empty, w);
                if (block.ContainsKey("signature"))
                {
                    JsonAssert.Equal(block, "signature", string.Empty, w);
                }

                break;
            case "redacted_thinking":
                JsonAssert.String(block, "data", w);
                break;
            case "compaction":
                break;
            default:
                if (MessagesRules.ToolLikeBlocks.Contains(type))
                {
                    JsonAssert.NonEmptyString(block, "id", w);
                    JsonAssert.NonEmptyString(block, "name", w);
                    JsonAssert.EmptyObject(block, "input", w);
                }

                // Result blocks (and unknown future types) carry their complete payload in the start.
                break;
        }

        return type;
    }

    private static void CheckIndex(JsonObject data, OpenBlock open, string where)
    {
        var index = JsonAssert.Integer(data, "index", where);
        if (index != open.Index)
        {
            throw JsonAssert.Violation(where, $"index {index} but the open block is {open.Index}");
        }
    }

    private static void ApplyDelta(OpenBlock open, JsonObject delta, string where)
    {
        var type = JsonAssert.NonEmptyString(delta, "type", where + " delta");
        if (!MessagesRules.DeltasFor(open.Type).Contains(type))
        {
            throw JsonAssert.Violation(where, $"{type} inside a {open.Type} block (delta kind must match block kind, rule 1.8.3)");
        }

        if (open.Signed)
        {
            throw JsonAssert.Violation(where, $"{type} after signature_delta (the signature comes once, just before content_block_stop)");
        }

        switch (type)
        {
            case "text_delta":
                open.Content.Append(JsonAssert.String(delta, "text", where));
                break;
            case "thinking_delta":
                open.Content.Append(JsonAssert.String(delta, "thinking", where));
                break;
            case "signature_delta":
                JsonAssert.NonEmptyString(delta, "signature", where);
                open.Signed = true;
                break;
            case "input_json_delta":
                open.Content.Append(JsonAssert.String(delta, "partial_json", where));
                break;
            case "citations_delta":
                var citation = JsonAssert.Object(delta, "citation", where);
                JsonAssert.NonEmptyString(citation, "type", where + " citation");
                break;
            case "compaction_delta":
                break;
        }
    }

    private static void Close(OpenBlock open, string where)
    {
        if (open.Type == "text" && open.Content.Length == 0)
        {
            throw JsonAssert.Violation(where, $"text block {open.Index} is empty (no empty text blocks, rule 1.8.7)");
        }

        if (MessagesRules.ToolLikeBlocks.Contains(open.Type))
        {
            var json = open.Content.ToString();
            if (json.Length > 0 && JsonAssert.TryParseObject(json) is null)
            {
                throw JsonAssert.Violation(where, $"the concatenated partial_json of block {open.Index} is not one JSON object: {json} (rule 1.8.4, checklist 6.4)");
            }
        }
    }

    private static void ValidateMessageDelta(JsonObject data, string where)
    {
        var delta = JsonAssert.Object(data, "delta", where);
        var reason = JsonAssert.String(delta, "stop_reason", where + " delta");
        if (!MessagesRules.StopReasons.Contains(reason))
        {
            throw JsonAssert.Violation(where, $"undocumented stop_reason '{reason}' (wire-protocols.md 1.10)");
        }

        var sequence = JsonAssert.NullableString(delta, "stop_sequence", where + " delta");
        if (reason == "stop_sequence" && sequence is null)
        {
            throw JsonAssert.Violation(where, "stop_reason stop_sequence without the matched stop_sequence");
        }

        var usage = JsonAssert.Object(data, "usage", where);
        JsonAssert.NonNegativeInteger(usage, "output_tokens", where + " usage");
        foreach (var key in new[] { "input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens" })
        {
            if (usage.ContainsKey(key) && usage[key] is not null)
            {
                JsonAssert.NonNegativeInteger(usage, key, where + " usage");
            }
        }
    }

    private sealed class OpenBlock(int index, string type)
    {
        public int Index { get; } = index;

        public string Type { get; } = type;

        public StringBuilder Content { get; } = new();

        public bool Signed { get; set; }
    }
}
