using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>
/// Asserts the rules of a clean Chat Completions stream (wire-protocols.md 3.1) on an SSE output:
/// <code>
/// stream := role-chunk chunk* finish-chunk [usage-chunk] "data: [DONE]"
///         | &lt;any prefix of the chunks&gt; error-chunk
/// </code>
/// Frames are exactly <c>data: {json}\n\n</c> (no <c>event:</c> lines; comments tolerated); every chunk has the same
/// <c>chatcmpl-</c> id and integer <c>created</c>, <c>object: "chat.completion.chunk"</c> and the requested model; the
/// first chunk's delta has <c>role: "assistant"</c> and no later one does; one choice with index 0 per chunk;
/// tool-call fragments keyed by <c>index</c> 0,1,2… in order, the first fragment of each with a unique non-empty
/// <c>id</c>, <c>type: "function"</c>, a non-empty name and string arguments, later ones with arguments only, the
/// concatenated arguments one JSON object; exactly one chunk with a non-null documented <c>finish_reason</c>, after
/// which only the usage chunk may come; <c>tool_calls</c> iff tool calls were streamed; the usage chunk
/// (<c>choices: []</c>, integer usage whose total is the sum) iff usage was asked for, <c>usage</c> null or absent
/// elsewhere; <c>data: [DONE]</c> last and once — or an error chunk <c>{"error":{"message","type","code"}}</c> last
/// and no <c>[DONE]</c>.
/// </summary>
public static class ChatStreamValidator
{
    public static readonly HashSet<string> FinishReasons = new(StringComparer.Ordinal) { "stop", "length", "tool_calls", "content_filter" };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Validates and returns the chunks (the error chunk included, the sentinel not).</summary>
    public static List<JsonObject> Validate(ReadOnlySpan<byte> output, string? requestedModel, bool includeUsage)
    {
        var chunks = Read(output, out var doneAt);
        if (chunks.Count == 0)
        {
            throw new ProtocolViolationException("The output has no chunk at all.");
        }

        string? id = null;
        long? created = null;
        var finished = false;
        var usageSeen = false;
        var ended = false;
        var tools = new List<(string Id, StringBuilder Arguments)>();
        var toolIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            var where = $"chunk #{i} {Excerpt(chunk.ToJsonString())}";
            if (ended)
            {
                throw JsonAssert.Violation(where, "chunk after the error chunk");
            }

            if (chunk["error"] is JsonObject error)
            {
                JsonAssert.String(error, "message", where + " error");
                JsonAssert.NonEmptyString(error, "type", where + " error");
                if (error["code"] is not null)
                {
                    JsonAssert.String(error, "code", where + " error");
                }

                if (doneAt >= 0)
                {
                    throw JsonAssert.Violation(where, "data: [DONE] in a stream that ended in an error (it must never look complete)");
                }

                ended = true;
                continue;
            }

            var chunkId = JsonAssert.NonEmptyString(chunk, "id", where);
            if (!chunkId.StartsWith("chatcmpl-", StringComparison.Ordinal))
            {
                throw JsonAssert.Violation(where, $"id '{chunkId}' does not start with chatcmpl-");
            }

            if (id is not null && chunkId != id)
            {
                throw JsonAssert.Violation(where, $"id '{chunkId}' differs from the first chunk's '{id}' (one id per stream)");
            }

            id = chunkId;
            JsonAssert.Equal(chunk, "object", "chat.completion.chunk", where);
            var chunkCreated = JsonAssert.NonNegativeInteger(chunk, "created", where);
            if (created is not null && chunkCreated != created)
            {
                throw JsonAssert.Violation(where, $"created {chunkCreated} differs from the first chunk's {created}");
            }

            created = chunkCreated;
            var model = JsonAssert.NonEmptyString(chunk, "model", where);
            if (requestedModel is not null && model != requestedModel)
            {
                throw JsonAssert.Violation(where, $"model '{model}' is not the requested model '{requestedModel}'");
            }

            var choices = JsonAssert.Array(chunk, "choices", where);
            if (chunk["usage"] is JsonObject usage)
            {
                if (!includeUsage)
                {
                    throw JsonAssert.Violation(where, "a usage object although usage was not asked for (stream_options.include_usage)");
                }

                if (!finished || choices.Count != 0 || usageSeen)
                {
                    throw JsonAssert.Violation(where, "usage belongs on one extra chunk with choices: [] after the finish chunk");
                }

                ValidateUsage(usage, where);
                usageSeen = true;
                continue;
            }

            if (chunk.ContainsKey("usage") && chunk["usage"] is not null)
            {
                throw JsonAssert.Violation(where, "usage must be an object, null or absent");
            }

            if (choices.Count != 1)
            {
                throw JsonAssert.Violation(where, $"{choices.Count} choices; a content chunk has exactly one");
            }

            if (finished)
            {
                throw JsonAssert.Violation(where, "a content chunk after the finish chunk");
            }

            var choice = choices[0] as JsonObject ?? throw JsonAssert.Violation(where, "choice is not an object");
            if (JsonAssert.Integer(choice, "index", where) != 0)
            {
                throw JsonAssert.Violation(where, "choice index must be 0");
            }

            var delta = JsonAssert.Object(choice, "delta", where);
            if (i == 0)
            {
                JsonAssert.Equal(delta, "role", "assistant", where + " delta");
            }
            else if (delta.ContainsKey("role"))
            {
                throw JsonAssert.Violation(where, "role after the first chunk");
            }

            foreach (var key in new[] { "content", "reasoning_content", "refusal" })
            {
                if (delta.ContainsKey(key) && delta[key] is not null)
                {
                    JsonAssert.String(delta, key, where + " delta");
                }
            }

            if (delta["tool_calls"] is JsonNode toolCalls)
            {
                foreach (var node in toolCalls as JsonArray ?? throw JsonAssert.Violation(where, "tool_calls is not an array"))
                {
                    ApplyToolFragment(node as JsonObject ?? throw JsonAssert.Violation(where, "tool call fragment is not an object"), tools, toolIds, where);
                }
            }

            if (choice.ContainsKey("logprobs") && choice["logprobs"] is not null and not JsonObject)
            {
                throw JsonAssert.Violation(where, "logprobs must be null or an object");
            }

            var finish = JsonAssert.NullableString(choice, "finish_reason", where);
            if (finish is not null)
            {
                if (!FinishReasons.Contains(finish))
                {
                    throw JsonAssert.Violation(where, $"undocumented finish_reason '{finish}'");
                }

                if ((finish == "tool_calls") != (tools.Count > 0))
                {
                    throw JsonAssert.Violation(where, $"finish_reason '{finish}' with {tools.Count} tool calls (tool_calls iff calls were streamed)");
                }

                finished = true;
            }
        }

        if (ended)
        {
            return chunks;
        }

        if (!finished)
        {
            throw new ProtocolViolationException("The stream ends without a finish_reason or an error chunk.");
        }

        if (includeUsage && !usageSeen)
        {
            throw new ProtocolViolationException("Usage was asked for but no usage chunk was written.");
        }

        if (doneAt != chunks.Count)
        {
            throw new ProtocolViolationException(doneAt < 0 ? "The stream ends without data: [DONE]." : $"data: [DONE] after chunk {doneAt} is not last.");
        }

        foreach (var (toolId, arguments) in tools)
        {
            if (JsonAssert.TryParseObject(arguments.ToString()) is null)
            {
                throw new ProtocolViolationException($"tool call {toolId}: the concatenated arguments are not one JSON object: {arguments}");
            }
        }

        return chunks;
    }

    /// <summary>Reads data-only SSE strictly: valid UTF-8, LF only, <c>data: X\n\n</c> frames, one JSON object each.</summary>
    /// <param name="doneAt">The number of chunks before <c>data: [DONE]</c>, or -1 when there is none.</param>
    public static List<JsonObject> Read(ReadOnlySpan<byte> output, out int doneAt)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(output);
        }
        catch (DecoderFallbackException e)
        {
            throw new ProtocolViolationException("Output is not valid UTF-8.", e);
        }

        if (text.Contains('\r', StringComparison.Ordinal))
        {
            throw new ProtocolViolationException("Output contains a CR; frames must use LF line endings.");
        }

        var chunks = new List<JsonObject>();
        doneAt = -1;
        var pos = 0;
        while (pos < text.Length)
        {
            var end = text.IndexOf("\n\n", pos, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new ProtocolViolationException($"Output ends inside a frame: {Excerpt(text[pos..])}");
            }

            var block = text[pos..end];
            pos = end + 2;
            var lines = block.Split('\n');
            if (lines.All(l => l.StartsWith(':')))
            {
                continue;
            }

            if (lines.Length != 1 || !lines[0].StartsWith("data: ", StringComparison.Ordinal))
            {
                throw new ProtocolViolationException($"Frame after chunk {chunks.Count} is not one 'data: ' line: {Excerpt(block)}");
            }

            var data = lines[0]["data: ".Length..];
            if (data == "[DONE]")
            {
                if (doneAt >= 0)
                {
                    throw new ProtocolViolationException("A second data: [DONE].");
                }

                doneAt = chunks.Count;
                continue;
            }

            if (doneAt >= 0)
            {
                throw new ProtocolViolationException($"A chunk after data: [DONE]: {Excerpt(data)}");
            }

            try
            {
                chunks.Add(JsonNode.Parse(data) as JsonObject ?? throw new ProtocolViolationException($"Chunk {chunks.Count} is not a JSON object: {Excerpt(data)}"));
            }
            catch (JsonException e)
            {
                throw new ProtocolViolationException($"Chunk {chunks.Count} is not valid JSON ({e.Message}): {Excerpt(data)}", e);
            }
        }

        return chunks;
    }

    /// <summary>Usage: integer counts, total their sum, both detail objects.</summary>
    public static void ValidateUsage(JsonObject usage, string where)
    {
        var w = where + " usage";
        var prompt = JsonAssert.NonNegativeInteger(usage, "prompt_tokens", w);
        var completion = JsonAssert.NonNegativeInteger(usage, "completion_tokens", w);
        var total = JsonAssert.NonNegativeInteger(usage, "total_tokens", w);
        if (total != prompt + completion)
        {
            throw JsonAssert.Violation(w, $"total_tokens {total} is not prompt_tokens + completion_tokens = {prompt + completion}");
        }

        JsonAssert.NonNegativeInteger(JsonAssert.Object(usage, "prompt_tokens_details", w), "cached_tokens", w + " prompt_tokens_details");
        JsonAssert.NonNegativeInteger(JsonAssert.Object(usage, "completion_tokens_details", w), "reasoning_tokens", w + " completion_tokens_details");
    }

    private static void ApplyToolFragment(JsonObject fragment, List<(string Id, StringBuilder Arguments)> tools, HashSet<string> toolIds, string where)
    {
        var index = JsonAssert.Integer(fragment, "index", where + " tool call");
        var function = JsonAssert.Object(fragment, "function", where + " tool call");
        var arguments = JsonAssert.String(function, "arguments", where + " tool call function");
        if (index == tools.Count)
        {
            var toolId = JsonAssert.NonEmptyString(fragment, "id", where + " tool call");
            if (!toolIds.Add(toolId))
            {
                throw JsonAssert.Violation(where, $"tool call id '{toolId}' is used by an earlier call");
            }

            JsonAssert.Equal(fragment, "type", "function", where + " tool call");
            JsonAssert.NonEmptyString(function, "name", where + " tool call function");
            tools.Add((toolId, new StringBuilder(arguments)));
            return;
        }

        if (index < 0 || index > tools.Count)
        {
            throw JsonAssert.Violation(where, $"tool call index {index}, expected {tools.Count} for a new call or an earlier index (0,1,2… in order)");
        }

        if (fragment.ContainsKey("id") || fragment.ContainsKey("type") || function.ContainsKey("name"))
        {
            throw JsonAssert.Violation(where, $"a continuation fragment of call {index} repeats id, type or name (clients concatenate them)");
        }

        tools[(int)index].Arguments.Append(arguments);
    }

    private static string Excerpt(string s) => (s.Length > 300 ? s[..300] + "…" : s).Replace("\n", "\\n", StringComparison.Ordinal);
}
