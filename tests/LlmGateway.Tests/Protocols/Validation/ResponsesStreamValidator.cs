using System.Text;
using System.Text.Json.Nodes;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>
/// Asserts every rule of wire-protocols.md 2.1–2.4 and the section 6 Responses checklist on an SSE output:
/// <code>
/// stream   := created in_progress item* terminal
/// message  := output_item.added part+ output_item.done
/// part     := content_part.added (output_text.delta | annotation.added)* output_text.done content_part.done
/// function_call := output_item.added function_call_arguments.delta* function_call_arguments.done output_item.done
/// reasoning := output_item.added summary* output_item.done
/// summary  := reasoning_summary_part.added reasoning_summary_text.delta* reasoning_summary_text.done reasoning_summary_part.done
/// terminal := [error] (completed | incomplete | failed)
/// </code>
/// Every frame has an <c>event:</c> line equal to <c>data.type</c> and <c>sequence_number</c> 0,1,2…; only documented
/// names; integer <c>created_at</c>; one id per item everywhere, unique and non-empty; dense <c>output_index</c>;
/// parts opened before their deltas with <c>content_index</c> = position; <c>.done</c> texts equal the deltas;
/// <c>logprobs</c> never null; function calls added with <c>call_id</c>, <c>name</c> and <c>arguments: ""</c>; one
/// terminal event, last, whose response has the same id and <c>created_at</c>, the matching status, the full
/// <c>output</c> equal to the <c>output_item.done</c> items in order, and integer <c>usage</c>; <c>error</c> carries the
/// flat and nested shapes and is followed only by <c>response.failed</c>.
/// </summary>
public static class ResponsesStreamValidator
{
    /// <summary>Validates and returns the frames.</summary>
    /// <param name="requestedModel">The model the response must name, or null to accept any non-empty model.</param>
    /// <param name="doneSentinelAllowed">True when the normalizer was configured to write <c>data: [DONE]</c> after the terminal event.</param>
    public static List<SseOutputFrame> Validate(ReadOnlySpan<byte> output, string? requestedModel, bool doneSentinelAllowed = false)
    {
        var frames = StrictSseReader.Read(output, out var done);
        if (frames.Count == 0)
        {
            throw new ProtocolViolationException("The output has no event at all.");
        }

        if (done.Count > 0 && (!doneSentinelAllowed || done.Count > 1 || done[0] != frames.Count))
        {
            throw new ProtocolViolationException($"Unexpected data: [DONE] after frame {done[0]} (only one, after the terminal event, and only when configured; wire-protocols.md 2.1).");
        }

        var state = new State(requestedModel);
        foreach (var frame in frames)
        {
            state.Apply(frame);
        }

        if (!state.Terminated)
        {
            throw new ProtocolViolationException($"The stream ends without a terminal event (last: {frames[^1]}); Codex fails with 'stream closed before response.completed' (row 36).");
        }

        if (doneSentinelAllowed && done.Count == 0)
        {
            throw new ProtocolViolationException("The [DONE] sentinel was configured but not written after the terminal event.");
        }

        return frames;
    }

    private sealed class State(string? requestedModel)
    {
        private readonly List<JsonObject> _doneItems = [];
        private readonly HashSet<string> _itemIds = new(StringComparer.Ordinal);
        private readonly HashSet<string> _callIds = new(StringComparer.Ordinal);
        private string? _responseId;
        private long _createdAt;
        private bool _inProgressSeen;
        private bool _errorSeen;
        private Item? _open;

        public bool Terminated { get; private set; }

        public void Apply(SseOutputFrame frame)
        {
            var where = frame.ToString();
            var data = frame.Data;
            var name = frame.Event;
            if (Terminated)
            {
                throw JsonAssert.Violation(where, "event after the terminal event (close the body right after it, checklist 6.6)");
            }

            if (!ResponsesRules.IsDocumented(name))
            {
                throw JsonAssert.Violation(where, $"undocumented event name '{name}' (rule 2.4.5; openai-node ≥6.45 throws 'Unhandled response stream event')");
            }

            var sequence = JsonAssert.Integer(data, "sequence_number", where);
            if (sequence != frame.Position)
            {
                throw JsonAssert.Violation(where, $"sequence_number {sequence}, expected {frame.Position} (0,1,2… on every frame, checklist 6.1)");
            }

            if (frame.Position == 0 && name != "response.created")
            {
                throw JsonAssert.Violation(where, "the first event must be response.created (rule 2.3; openai-node/python refuse anything else)");
            }

            if (_errorSeen && name != "response.failed")
            {
                throw JsonAssert.Violation(where, "an error event must be followed by response.failed (checklist 6.5)");
            }

            if (frame.Position == 1 && name != "response.in_progress")
            {
                throw JsonAssert.Violation(where, "response.in_progress must follow response.created (checklist 6.2)");
            }

            switch (name)
            {
                case "response.created":
                    if (frame.Position != 0)
                    {
                        throw JsonAssert.Violation(where, "a second response.created");
                    }

                    ValidateLifecycle(data, "in_progress", where);
                    return;
                case "response.in_progress":
                    if (_inProgressSeen || _open is not null || _doneItems.Count > 0)
                    {
                        throw JsonAssert.Violation(where, "response.in_progress must come once, right after response.created");
                    }

                    _inProgressSeen = true;
                    ValidateLifecycle(data, "in_progress", where);
                    return;
                case "response.queued":
                    throw JsonAssert.Violation(where, "response.queued is for background mode only");
                case "response.output_item.added":
                    OnItemAdded(data, where);
                    return;
                case "response.output_item.done":
                    OnItemDone(data, where);
                    return;
                case "error":
                    ValidateError(data, where);
                    _errorSeen = true;
                    return;
            }

            if (ResponsesRules.TerminalEvents.Contains(name))
            {
                OnTerminal(name, data, where);
                return;
            }

            // The rest belongs to the open item.
            var item = _open ?? throw JsonAssert.Violation(where, "item event with no open item (output_item.added must come first, rule 2.4)");
            var itemId = JsonAssert.NonEmptyString(data, "item_id", where);
            if (itemId != item.Id)
            {
                throw JsonAssert.Violation(where, $"item_id '{itemId}' differs from the open item's id '{item.Id}' (one id per item, rule 2.4.2)");
            }

            var outputIndex = JsonAssert.Integer(data, "output_index", where);
            if (outputIndex != item.Index)
            {
                throw JsonAssert.Violation(where, $"output_index {outputIndex} differs from the open item's {item.Index}");
            }

            if (ResponsesRules.HostedToolEvents.TryGetValue(name, out var itemType))
            {
                if (item.Type != itemType)
                {
                    throw JsonAssert.Violation(where, $"{name} inside a {item.Type} item");
                }

                return;
            }

            item.Apply(name, data, where);
        }

        private void ValidateLifecycle(JsonObject data, string status, string where)
        {
            var response = JsonAssert.Object(data, "response", where);
            var w = where + " response";
            var id = ValidateResponseHead(response, status, w);
            if (_responseId is null)
            {
                _responseId = id;
                _createdAt = JsonAssert.Integer(response, "created_at", w);
            }
            else
            {
                CheckSameResponse(response, w);
            }

            JsonAssert.EmptyArray(response, "output", w);
            JsonAssert.Null(response, "usage", w);
            JsonAssert.Null(response, "error", w);
        }

        private string ValidateResponseHead(JsonObject response, string status, string w)
        {
            var id = JsonAssert.NonEmptyString(response, "id", w);
            JsonAssert.Equal(response, "object", "response", w);
            JsonAssert.NonNegativeInteger(response, "created_at", w);
            JsonAssert.Equal(response, "status", status, w);
            var model = JsonAssert.NonEmptyString(response, "model", w);
            if (requestedModel is not null && model != requestedModel)
            {
                throw JsonAssert.Violation(w, $"model '{model}' is not the requested model '{requestedModel}'");
            }

            // The OpenAI .NET SDK requires these non-null (wire-protocols.md 2.2).
            JsonAssert.Boolean(response, "parallel_tool_calls", w);
            JsonAssert.Array(response, "tools", w);
            JsonAssert.Object(response, "metadata", w);
            return id;
        }

        private void CheckSameResponse(JsonObject response, string w)
        {
            var id = JsonAssert.String(response, "id", w);
            if (id != _responseId)
            {
                throw JsonAssert.Violation(w, $"response id '{id}' differs from response.created's '{_responseId}' (openai-node 7: 'Lifecycle response identity changed.')");
            }

            var createdAt = JsonAssert.Integer(response, "created_at", w);
            if (createdAt != _createdAt)
            {
                throw JsonAssert.Violation(w, $"created_at {createdAt} differs from response.created's {_createdAt}");
            }
        }

        private void OnItemAdded(JsonObject data, string where)
        {
            if (_open is not null)
            {
                throw JsonAssert.Violation(where, $"output_item.added while item '{_open.Id}' is still open (items are sequential)");
            }

            var outputIndex = JsonAssert.Integer(data, "output_index", where);
            if (outputIndex != _doneItems.Count)
            {
                throw JsonAssert.Violation(where, $"output_index {outputIndex}, expected {_doneItems.Count} (dense from 0, rule 2.4.1)");
            }

            var item = JsonAssert.Object(data, "item", where);
            var w = where + " item";
            var id = JsonAssert.NonEmptyString(item, "id", w);
            if (!_itemIds.Add(id))
            {
                throw JsonAssert.Violation(w, $"item id '{id}' is used twice");
            }

            if (id == _responseId)
            {
                throw JsonAssert.Violation(w, $"item id '{id}' is the response id (origin.md)");
            }

            var type = JsonAssert.NonEmptyString(item, "type", w);
            switch (type)
            {
                case "message":
                    JsonAssert.Equal(item, "status", "in_progress", w);
                    JsonAssert.Equal(item, "role", "assistant", w);
                    JsonAssert.EmptyArray(item, "content", w);
                    break;
                case "function_call":
                    JsonAssert.Equal(item, "status", "in_progress", w);
                    if (!_callIds.Add(JsonAssert.NonEmptyString(item, "call_id", w)))
                    {
                        throw JsonAssert.Violation(w, $"call_id '{item["call_id"]}' is used by an earlier function call (openai-node 7: 'duplicate output item identity'; function_call_output must name one call)");
                    }

                    JsonAssert.NonEmptyString(item, "name", w);
                    JsonAssert.Equal(item, "arguments", string.Empty, w);
                    break;
                case "reasoning":
                    JsonAssert.EmptyArray(item, "summary", w);
                    break;
            }

            _open = new Item(id, type, (int)outputIndex, item);
        }

        private void OnItemDone(JsonObject data, string where)
        {
            var open = _open ?? throw JsonAssert.Violation(where, "output_item.done with no open item");
            var outputIndex = JsonAssert.Integer(data, "output_index", where);
            if (outputIndex != open.Index)
            {
                throw JsonAssert.Violation(where, $"output_index {outputIndex} differs from the open item's {open.Index}");
            }

            var item = JsonAssert.Object(data, "item", where);
            var w = where + " item";
            var id = JsonAssert.String(item, "id", w);
            if (id != open.Id)
            {
                throw JsonAssert.Violation(w, $"id '{id}' differs from output_item.added's '{open.Id}' (rule 2.4.2)");
            }

            JsonAssert.Equal(item, "type", open.Type, w);
            open.ValidateDone(item, w);
            _doneItems.Add(item);
            _open = null;
        }

        private static void ValidateError(JsonObject data, string where)
        {
            // Both shapes (wire-protocols.md 2.5, checklist 6.5): flat code/message/param and nested error{type,code,message,param}.
            JsonAssert.String(data, "message", where);
            JsonAssert.NullableString(data, "code", where);
            var error = JsonAssert.Object(data, "error", where);
            JsonAssert.NonEmptyString(error, "type", where + " error");
            JsonAssert.String(error, "message", where + " error");
            JsonAssert.NullableString(error, "code", where + " error");
        }

        private void OnTerminal(string name, JsonObject data, string where)
        {
            if (_open is not null)
            {
                throw JsonAssert.Violation(where, $"terminal event while item '{_open.Id}' is open (every added item is done before the terminal event, rule 2.4.4)");
            }

            if (_errorSeen && name != "response.failed")
            {
                throw JsonAssert.Violation(where, "error followed by a terminal event other than response.failed");
            }

            var status = name["response.".Length..];
            var response = JsonAssert.Object(data, "response", where);
            var w = where + " response";
            ValidateResponseHead(response, status, w);
            CheckSameResponse(response, w);
            var output = JsonAssert.Array(response, "output", w);
            if (output.Count != _doneItems.Count)
            {
                throw JsonAssert.Violation(w, $"output has {output.Count} items but {_doneItems.Count} were streamed (full output, checklist 6.5)");
            }

            for (var i = 0; i < output.Count; i++)
            {
                if (!JsonNode.DeepEquals(output[i], _doneItems[i]))
                {
                    throw JsonAssert.Violation(w, $"output[{i}] differs from the output_item.done item: {output[i]?.ToJsonString()} vs {_doneItems[i].ToJsonString()}");
                }
            }

            ResponsesBodyValidator.ValidateUsage(response, w);
            switch (status)
            {
                case "completed":
                    JsonAssert.Null(response, "error", w);
                    break;
                case "incomplete":
                    JsonAssert.NonEmptyString(JsonAssert.Object(response, "incomplete_details", w), "reason", w + " incomplete_details");
                    break;
                case "failed":
                    var error = JsonAssert.Object(response, "error", w);
                    JsonAssert.String(error, "code", w + " error");
                    JsonAssert.String(error, "message", w + " error");
                    break;
            }

            Terminated = true;
        }
    }

    private sealed class Item(string id, string type, int index, JsonObject added)
    {
        private readonly List<Part> _parts = [];
        private readonly List<string> _summaries = [];
        private readonly StringBuilder _arguments = new();
        private Part? _openPart;
        private StringBuilder? _openSummary;
        private bool _summaryTextDone;
        private bool _argumentsDone;

        public string Id { get; } = id;

        public string Type { get; } = type;

        public int Index { get; } = index;

        public void Apply(string name, JsonObject data, string where)
        {
            switch (name)
            {
                case "response.content_part.added":
                    if (Type is not ("message" or "reasoning"))
                    {
                        throw JsonAssert.Violation(where, $"content part in a {Type} item");
                    }

                    if (_openPart is not null)
                    {
                        throw JsonAssert.Violation(where, "content_part.added while another part is open");
                    }

                    CheckContentIndex(data, _parts.Count, where);
                    var part = JsonAssert.Object(data, "part", where);
                    var partType = JsonAssert.NonEmptyString(part, "type", where + " part");
                    var allowed = Type == "message" ? partType is "output_text" or "refusal" : partType == "reasoning_text";
                    if (!allowed)
                    {
                        throw JsonAssert.Violation(where, $"part type '{partType}' in a {Type} item");
                    }

                    JsonAssert.Equal(part, TextKey(partType), string.Empty, where + " part");
                    if (partType == "output_text")
                    {
                        JsonAssert.EmptyArray(part, "annotations", where + " part");
                        JsonAssert.ArrayIfPresent(part, "logprobs", where + " part");
                    }

                    _openPart = new Part(partType);
                    return;

                case "response.output_text.delta":
                case "response.refusal.delta":
                case "response.reasoning_text.delta":
                    var p = RequireOpenPart(name, data, where);
                    if (p.TextDone)
                    {
                        throw JsonAssert.Violation(where, "delta after the part's .done");
                    }

                    p.Text.Append(JsonAssert.String(data, "delta", where));
                    if (name == "response.output_text.delta")
                    {
                        JsonAssert.ArrayIfPresent(data, "logprobs", where); // [] when not requested; never null (rule 2.4.6)
                    }

                    return;

                case "response.output_text.annotation.added":
                    var ap = RequireOpenPart(name, data, where);
                    var annotationIndex = JsonAssert.Integer(data, "annotation_index", where);
                    if (annotationIndex != ap.Annotations.Count)
                    {
                        throw JsonAssert.Violation(where, $"annotation_index {annotationIndex}, expected {ap.Annotations.Count}");
                    }

                    ap.Annotations.Add(JsonAssert.Object(data, "annotation", where).DeepClone());
                    return;

                case "response.output_text.done":
                case "response.refusal.done":
                case "response.reasoning_text.done":
                    var dp = RequireOpenPart(name, data, where);
                    if (dp.TextDone)
                    {
                        throw JsonAssert.Violation(where, "a second .done for the part");
                    }

                    var text = JsonAssert.String(data, name == "response.refusal.done" ? "refusal" : "text", where);
                    if (text != dp.Text.ToString())
                    {
                        throw JsonAssert.Violation(where, $"done text differs from the concatenated deltas: {Quote(text)} vs {Quote(dp.Text.ToString())}");
                    }

                    if (name == "response.output_text.done")
                    {
                        JsonAssert.ArrayIfPresent(data, "logprobs", where);
                    }

                    dp.TextDone = true;
                    return;

                case "response.content_part.done":
                    var cp = _openPart ?? throw JsonAssert.Violation(where, "content_part.done with no open part");
                    CheckContentIndex(data, _parts.Count, where);
                    if (!cp.TextDone)
                    {
                        throw JsonAssert.Violation(where, $"content_part.done before the part's {cp.Type} .done event (grammar 2.4)");
                    }

                    var donePart = JsonAssert.Object(data, "part", where);
                    cp.CheckFinal(donePart, where + " part");
                    _parts.Add(cp);
                    _openPart = null;
                    return;

                case "response.function_call_arguments.delta":
                    RequireType("function_call", where);
                    if (_argumentsDone)
                    {
                        throw JsonAssert.Violation(where, "arguments delta after arguments.done");
                    }

                    _arguments.Append(JsonAssert.String(data, "delta", where));
                    return;

                case "response.function_call_arguments.done":
                    RequireType("function_call", where);
                    if (_argumentsDone)
                    {
                        throw JsonAssert.Violation(where, "a second function_call_arguments.done");
                    }

                    var arguments = JsonAssert.String(data, "arguments", where);
                    if (arguments != _arguments.ToString())
                    {
                        throw JsonAssert.Violation(where, $"arguments {Quote(arguments)} differ from the concatenated deltas {Quote(_arguments.ToString())}");
                    }

                    _argumentsDone = true;
                    return;

                case "response.reasoning_summary_part.added":
                    RequireType("reasoning", where);
                    if (_openSummary is not null)
                    {
                        throw JsonAssert.Violation(where, "summary part added while another is open");
                    }

                    CheckSummaryIndex(data, where);
                    var summaryPart = JsonAssert.Object(data, "part", where);
                    JsonAssert.Equal(summaryPart, "type", "summary_text", where + " part");
                    JsonAssert.Equal(summaryPart, "text", string.Empty, where + " part");
                    _openSummary = new StringBuilder();
                    _summaryTextDone = false;
                    return;

                case "response.reasoning_summary_text.delta":
                    RequireOpenSummary(data, where);
                    if (_summaryTextDone)
                    {
                        throw JsonAssert.Violation(where, "summary delta after summary_text.done");
                    }

                    _openSummary!.Append(JsonAssert.String(data, "delta", where));
                    return;

                case "response.reasoning_summary_text.done":
                    RequireOpenSummary(data, where);
                    var summaryText = JsonAssert.String(data, "text", where);
                    if (summaryText != _openSummary!.ToString())
                    {
                        throw JsonAssert.Violation(where, $"summary text {Quote(summaryText)} differs from the deltas {Quote(_openSummary.ToString())}");
                    }

                    _summaryTextDone = true;
                    return;

                case "response.reasoning_summary_part.done":
                    RequireOpenSummary(data, where);
                    if (!_summaryTextDone)
                    {
                        throw JsonAssert.Violation(where, "summary_part.done before summary_text.done (grammar 2.4)");
                    }

                    var finalSummary = JsonAssert.Object(data, "part", where);
                    JsonAssert.Equal(finalSummary, "type", "summary_text", where + " part");
                    JsonAssert.Equal(finalSummary, "text", _openSummary!.ToString(), where + " part");
                    _summaries.Add(_openSummary.ToString());
                    _openSummary = null;
                    return;
            }

            throw JsonAssert.Violation(where, $"unhandled item event {name}");
        }

        public void ValidateDone(JsonObject item, string w)
        {
            if (_openPart is not null || _openSummary is not null)
            {
                throw JsonAssert.Violation(w, "output_item.done while a part is still open");
            }

            switch (Type)
            {
                case "message":
                    if (_parts.Count == 0)
                    {
                        throw JsonAssert.Violation(w, "a message item without any content part (grammar 2.4: part+)");
                    }

                    JsonAssert.Equal(item, "status", "completed", w);
                    JsonAssert.Equal(item, "role", "assistant", w);
                    var content = JsonAssert.Array(item, "content", w);
                    if (content.Count != _parts.Count)
                    {
                        throw JsonAssert.Violation(w, $"content has {content.Count} parts but {_parts.Count} were streamed");
                    }

                    for (var i = 0; i < content.Count; i++)
                    {
                        _parts[i].CheckFinal(content[i] as JsonObject ?? throw JsonAssert.Violation(w, $"content[{i}] is not an object"), $"{w} content[{i}]");
                    }

                    break;
                case "function_call":
                    if (!_argumentsDone)
                    {
                        throw JsonAssert.Violation(w, "function_call done without function_call_arguments.done (grammar 2.4)");
                    }

                    JsonAssert.Equal(item, "status", "completed", w);
                    JsonAssert.Equal(item, "call_id", JsonAssert.String(added, "call_id", w), w);
                    JsonAssert.Equal(item, "name", JsonAssert.String(added, "name", w), w);
                    var arguments = JsonAssert.String(item, "arguments", w);
                    if (arguments != _arguments.ToString())
                    {
                        throw JsonAssert.Violation(w, $"arguments {Quote(arguments)} differ from the streamed {Quote(_arguments.ToString())}");
                    }

                    if (JsonAssert.TryParseObject(arguments) is null)
                    {
                        throw JsonAssert.Violation(w, $"arguments {Quote(arguments)} are not one JSON object");
                    }

                    break;
                case "reasoning":
                    var summary = JsonAssert.Array(item, "summary", w);
                    if (summary.Count != _summaries.Count)
                    {
                        throw JsonAssert.Violation(w, $"summary has {summary.Count} parts but {_summaries.Count} were streamed");
                    }

                    for (var i = 0; i < summary.Count; i++)
                    {
                        var s = summary[i] as JsonObject ?? throw JsonAssert.Violation(w, $"summary[{i}] is not an object");
                        JsonAssert.Equal(s, "type", "summary_text", $"{w} summary[{i}]");
                        JsonAssert.Equal(s, "text", _summaries[i], $"{w} summary[{i}]");
                    }

                    if (_parts.Count > 0)
                    {
                        var reasoningContent = JsonAssert.Array(item, "content", w);
                        if (reasoningContent.Count != _parts.Count)
                        {
                            throw JsonAssert.Violation(w, $"content has {reasoningContent.Count} parts but {_parts.Count} were streamed");
                        }

                        for (var i = 0; i < _parts.Count; i++)
                        {
                            _parts[i].CheckFinal(reasoningContent[i] as JsonObject ?? throw JsonAssert.Violation(w, $"content[{i}] is not an object"), $"{w} content[{i}]");
                        }
                    }

                    break;
            }
        }

        private Part RequireOpenPart(string name, JsonObject data, string where)
        {
            var part = _openPart ?? throw JsonAssert.Violation(where, $"{name} with no open content part (content_part.added must come first, rule 2.4.3)");
            CheckContentIndex(data, _parts.Count, where);
            var expected = name switch
            {
                "response.refusal.delta" or "response.refusal.done" => "refusal",
                "response.reasoning_text.delta" or "response.reasoning_text.done" => "reasoning_text",
                _ => "output_text",
            };
            if (part.Type != expected)
            {
                throw JsonAssert.Violation(where, $"{name} inside a {part.Type} part");
            }

            return part;
        }

        private void RequireType(string expected, string where)
        {
            if (Type != expected)
            {
                throw JsonAssert.Violation(where, $"event for a {expected} item inside a {Type} item");
            }
        }

        private void RequireOpenSummary(JsonObject data, string where)
        {
            RequireType("reasoning", where);
            if (_openSummary is null)
            {
                throw JsonAssert.Violation(where, "summary event with no open summary part (reasoning_summary_part.added first)");
            }

            var index = JsonAssert.Integer(data, "summary_index", where);
            if (index != _summaries.Count)
            {
                throw JsonAssert.Violation(where, $"summary_index {index}, expected {_summaries.Count}");
            }
        }

        private void CheckSummaryIndex(JsonObject data, string where)
        {
            var index = JsonAssert.Integer(data, "summary_index", where);
            if (index != _summaries.Count)
            {
                throw JsonAssert.Violation(where, $"summary_index {index}, expected {_summaries.Count}");
            }
        }

        private static void CheckContentIndex(JsonObject data, int expected, string where)
        {
            var index = JsonAssert.Integer(data, "content_index", where);
            if (index != expected)
            {
                throw JsonAssert.Violation(where, $"content_index {index}, expected {expected} (the part's position, rule 2.4.3)");
            }
        }

        private static string TextKey(string partType) => partType == "refusal" ? "refusal" : "text";

        private static string Quote(string s) => JsonValue.Create(s).ToJsonString();

        private sealed class Part(string type)
        {
            public string Type { get; } = type;

            public StringBuilder Text { get; } = new();

            public JsonArray Annotations { get; } = [];

            public bool TextDone { get; set; }

            public void CheckFinal(JsonObject part, string where)
            {
                JsonAssert.Equal(part, "type", Type, where);
                JsonAssert.Equal(part, TextKey(Type), Text.ToString(), where);
                if (Type == "output_text")
                {
                    var annotations = JsonAssert.Array(part, "annotations", where);
                    if (!JsonNode.DeepEquals(annotations, Annotations))
                    {
                        throw JsonAssert.Violation(where, $"annotations {annotations.ToJsonString()} differ from the streamed {Annotations.ToJsonString()}");
                    }

                    JsonAssert.ArrayIfPresent(part, "logprobs", where);
                }
            }
        }
    }
}
