using System.Text.Json;
using LlmGateway.Protocols.Json;
using LlmGateway.Protocols.Neutral;

namespace LlmGateway.Protocols.OpenAIResponses;

/// <summary>
/// Reads an OpenAI Responses stream or body, however sloppy, into neutral events: streams without lifecycle,
/// item or part events, item ids that are the response id or change on every event, missing or wrong indices,
/// content only in <c>.done</c> events or only in the terminal response, skipped <c>.done</c> events, a terminal
/// response without <c>output</c> or <c>usage</c>, non-standard reasoning part events, <c>[DONE]</c>.
/// </summary>
public sealed class ResponsesDecoder : IUpstreamDecoder, IDisposable
{
    private readonly IResponseEventSink _sink;
    private readonly NormalizationReport _report;

    /// <summary>The last delta read in full, to read the deltas after it by comparison.</summary>
    private readonly FrameTemplate _template = new();
    private EventFields _templateFields;

    /// <summary>What a frame that matches the template does when that is only to emit its text: set by <see cref="ReplayOf"/>.</summary>
    private DeltaKind? _templateReplay;

    /// <summary>Upstream items already closed, by type and id, to reconcile with the terminal <c>output</c>.</summary>
    private readonly List<(string Type, string? Id, long? OutputIndex)> _closedItems = [];

    private bool _started;
    private bool _ended;
    private string? _responseId;
    private long _lastSequence = -1;

    private BlockKind? _openKind;
    private bool _openHasContent;
    private string _openItemType = string.Empty;
    private string? _openItemId;
    private long? _openOutputIndex;
    private long _summaryIndex;

    private bool _inMessage;
    private string? _messageItemId;
    private long? _messageOutputIndex;
    private int _messageParts;
    private bool _sawToolCall;
    private bool _decodingBody;

    public ResponsesDecoder(IResponseEventSink sink, NormalizationReport report)
    {
        _sink = sink;
        _report = report;
    }

    public void OnFrame(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        if (data.SequenceEqual("[DONE]"u8))
        {
            // Responses has no sentinel by default (wire-protocols.md 2.1); before a terminal event it ends the stream.
            _report.Add(RepairKind.DoneSentinel);
            if (!_ended && !_sink.IsTerminated)
            {
                EndStream(default, default, terminalSeen: false, explicitEnd: true);
            }

            return;
        }

        if (_ended || _sink.IsTerminated)
        {
            return;
        }

        if (eventName.IsEmpty)
        {
            _report.Add(RepairKind.MissingEventName);
        }

        try
        {
            Span<JsonSlice> values = stackalloc JsonSlice[FrameTemplate.MaxHoles];
            EventFields fields;
            var recorded = false;
            if (_template.TryMatch(data, values))
            {
                if (_templateReplay is { } replay)
                {
                    CheckSequence(_template.Map(_templateFields.SequenceNumber, values).GetInt64(data));
                    Emit(replay, _template.Map(_templateFields.Delta, values).Raw(data));
                    return;
                }

                fields = _templateFields.Map(_template, values);
            }
            else
            {
                fields = EventFields.ReadAndRecord(data, _template, ref _templateFields);
                recorded = _template.IsRecorded;
                _templateReplay = null;
            }

            var type = fields.Type.Raw(data);
            if (type.IsEmpty && fields.Error.IsObject)
            {
                type = "error"u8; // a bare {"error": …} chunk, as proxies send mid-stream
            }
            else if (type.IsEmpty && !eventName.IsEmpty)
            {
                type = eventName; // sglang sends response.created without data.type
                _report.Add(RepairKind.MissingEventName);
            }

            CheckSequence(fields.SequenceNumber.GetInt64(data));
            Dispatch(type, data, fields);
            if (recorded)
            {
                _templateReplay = ReplayOf(data, fields);
            }
        }
        catch (JsonException)
        {
            _report.Add(RepairKind.UnparsableFrame);
        }
    }

    public void Dispose() => _template.Dispose();

    public void Complete()
    {
        if (_ended || _sink.IsTerminated)
        {
            return;
        }

        _ended = true;
        _report.Add(RepairKind.Truncated);
        _sink.Fail(new ErrorEvent("api_error", "The upstream stream ended before the response was complete.", "server_error"));
    }

    /// <summary>Decodes a whole non-streaming Response body.</summary>
    public void DecodeBody(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Body is not a JSON object.");
        }

        JsonSlice error = default, status = default;
        reader = new Utf8JsonReader(body);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("error"u8))
            {
                error = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                status = JsonSlice.Read(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (error.IsObject && !status.ValueEquals(body, "completed"u8))
        {
            EmitError(error.Raw(body));
            return;
        }

        _decodingBody = true;
        OnLifecycleStart(body);
        OnTerminal(body, failed: status.ValueEquals(body, "failed"u8));
    }

    private void CheckSequence(long? sequence)
    {
        if (sequence is null || sequence != _lastSequence + 1)
        {
            _report.Add(RepairKind.BadSequence);
        }

        _lastSequence = sequence ?? _lastSequence + 1;
    }

    /// <summary>
    /// The delta kind a frame that matches the template just recorded from <paramref name="f"/> only emits, or null when
    /// it would do more. Only the text and the sequence number of such a frame differ (its other holes are fields no
    /// handler reads), so after a text or refusal delta of the open part it takes <see cref="EnsureTextual"/>'s shortest
    /// way, repairs nothing the sequence check does not, and emits its text.
    /// </summary>
    private DeltaKind? ReplayOf(ReadOnlySpan<byte> data, in EventFields f)
    {
        if (_ended || !f.Type.IsString || (f.Logprobs.Exists && !f.Logprobs.IsArray))
        {
            return null;
        }

        var type = f.Type.Raw(data);
        var (kind, delta) = type.SequenceEqual("response.output_text.delta"u8) ? (BlockKind.Text, DeltaKind.Text)
            : type.SequenceEqual("response.refusal.delta"u8) ? (BlockKind.Refusal, DeltaKind.Refusal)
            : (default(BlockKind?), default(DeltaKind));
        if (kind is null || _openKind != kind)
        {
            return null;
        }

        var sameItem = _messageItemId is null || !f.ItemId.IsString || JsonText.Utf8Equals(f.ItemId.Raw(data), _messageItemId);
        return sameItem ? delta : null;
    }

    private void Dispatch(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data, in EventFields f)
    {
        if (type.SequenceEqual("response.output_text.delta"u8))
        {
            EnsureTextual(BlockKind.Text, data, f);
            if (!f.Logprobs.IsArray && f.Logprobs.Exists)
            {
                _report.Add(RepairKind.NullLogprobs);
            }

            Emit(DeltaKind.Text, f.Delta.Raw(data));
        }
        else if (type.SequenceEqual("response.function_call_arguments.delta"u8))
        {
            EnsureTool(data, f);
            Emit(DeltaKind.ToolArguments, DeltaText(data, f.Delta));
        }
        else if (type.SequenceEqual("response.reasoning_summary_text.delta"u8) || type.SequenceEqual("response.reasoning_text.delta"u8))
        {
            EnsureReasoning(data, f);
            SwitchSummaryPart(f.SummaryIndex.GetInt64(data) ?? f.ContentIndex.GetInt64(data));
            Emit(DeltaKind.Reasoning, f.Delta.Raw(data));
        }
        else if (type.SequenceEqual("response.refusal.delta"u8))
        {
            EnsureTextual(BlockKind.Refusal, data, f);
            Emit(DeltaKind.Refusal, f.Delta.Raw(data));
        }
        else if (type.SequenceEqual("response.output_text.annotation.added"u8))
        {
            EnsureTextual(BlockKind.Text, data, f);
            if (f.Annotation.IsObject)
            {
                _sink.Delta(new DeltaEvent(DeltaKind.Citation, f.Annotation.Raw(data)));
            }
        }
        else if (type.SequenceEqual("response.created"u8) || type.SequenceEqual("response.in_progress"u8) || type.SequenceEqual("response.queued"u8))
        {
            if (f.Response.IsObject)
            {
                var response = f.Response.Raw(data);
                if (_started)
                {
                    CheckResponseId(response);
                }
                else
                {
                    OnLifecycleStart(response);
                }
            }
            else
            {
                EnsureStarted();
            }
        }
        else if (type.SequenceEqual("response.output_item.added"u8))
        {
            OnItemAdded(data, f);
        }
        else if (type.SequenceEqual("response.content_part.added"u8) || type.SequenceEqual("response.reasoning_part.added"u8))
        {
            OnPartAdded(type, data, f);
        }
        else if (type.SequenceEqual("response.output_text.done"u8))
        {
            EnsureTextual(BlockKind.Text, data, f);
            FillIfEmpty(DeltaKind.Text, f.Text.Raw(data));
        }
        else if (type.SequenceEqual("response.refusal.done"u8))
        {
            EnsureTextual(BlockKind.Refusal, data, f);
            FillIfEmpty(DeltaKind.Refusal, f.Refusal.Raw(data));
        }
        else if (type.SequenceEqual("response.content_part.done"u8))
        {
            OnPartDone(data, f);
        }
        else if (type.SequenceEqual("response.function_call_arguments.done"u8))
        {
            EnsureTool(data, f);
            FillIfEmpty(DeltaKind.ToolArguments, DeltaText(data, f.Arguments));
        }
        else if (type.SequenceEqual("response.reasoning_summary_part.added"u8))
        {
            EnsureReasoning(data, f);
            SwitchSummaryPart(f.SummaryIndex.GetInt64(data));
        }
        else if (type.SequenceEqual("response.reasoning_summary_text.done"u8) || type.SequenceEqual("response.reasoning_text.done"u8))
        {
            EnsureReasoning(data, f);
            SwitchSummaryPart(f.SummaryIndex.GetInt64(data) ?? f.ContentIndex.GetInt64(data));
            FillIfEmpty(DeltaKind.Reasoning, f.Text.Raw(data));
        }
        else if (type.SequenceEqual("response.reasoning_summary_part.done"u8) || type.SequenceEqual("response.reasoning_part.done"u8))
        {
            // The part's text arrives in summary_text.done; nothing else to take.
        }
        else if (type.SequenceEqual("response.output_item.done"u8))
        {
            OnItemDone(data, f);
        }
        else if (type.SequenceEqual("response.completed"u8) || type.SequenceEqual("response.incomplete"u8))
        {
            OnTerminal(f.Response.IsObject ? f.Response.Raw(data) : default, failed: false);
        }
        else if (type.SequenceEqual("response.failed"u8))
        {
            var response = f.Response.Raw(data);
            var error = JsonSlice.Find(response, "error"u8);
            EmitError(error.IsObject ? error.Raw(response) : default);
        }
        else if (type.SequenceEqual("error"u8))
        {
            EmitError(f.Error.IsObject ? f.Error.Raw(data) : data);
        }
        else if (IsDocumentedHostedToolEvent(type))
        {
            EnsureStarted();
            if (_openKind == BlockKind.Opaque)
            {
                _sink.Delta(new DeltaEvent(DeltaKind.OpaqueRaw, data));
            }
            else
            {
                _sink.Passthrough(type, data);
            }
        }
        else
        {
            // Undocumented names (vLLM's response.reasoning_part.*) break strict clients; never pass them on.
            _report.Add(RepairKind.DroppedEvent);
        }
    }

    private static bool IsDocumentedHostedToolEvent(ReadOnlySpan<byte> type) =>
        type.StartsWith("response.web_search_call."u8)
        || type.StartsWith("response.file_search_call."u8)
        || type.StartsWith("response.code_interpreter_call"u8)
        || type.StartsWith("response.image_generation_call."u8)
        || type.StartsWith("response.mcp_call"u8)
        || type.StartsWith("response.mcp_list_tools."u8)
        || type.StartsWith("response.custom_tool_call_input."u8)
        || type.StartsWith("response.audio."u8);

    private void OnLifecycleStart(ReadOnlySpan<byte> response)
    {
        if (_started)
        {
            return;
        }

        _started = true;
        JsonSlice id = default, createdAt = default;
        var reader = new Utf8JsonReader(response);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                id = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("created_at"u8))
            {
                createdAt = JsonSlice.Read(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (createdAt.IsNumber && !createdAt.IsInteger(response))
        {
            _report.Add(RepairKind.FloatCreatedAt);
        }

        _responseId = id.GetString(response);
        _sink.Start(new StartEvent(_responseId, createdAt.GetInt64(response), response));
    }

    private void CheckResponseId(ReadOnlySpan<byte> response)
    {
        var id = JsonSlice.Find(response, "id"u8).GetString(response);
        if (id is not null && _responseId is not null && id != _responseId)
        {
            _report.Add(RepairKind.BadResponseId);
        }
    }

    private void EnsureStarted()
    {
        if (!_started)
        {
            _started = true;
            _report.Add(RepairKind.MissingStart);
            _sink.Start(new StartEvent(null, null, default));
        }
    }

    private void OnItemAdded(ReadOnlySpan<byte> data, in EventFields f)
    {
        EnsureStarted();
        if (_openKind is not null || _inMessage)
        {
            _report.Add(RepairKind.MissingDone);
            CloseItem(default);
        }

        if (!f.Item.IsObject)
        {
            _report.Add(RepairKind.DroppedEvent);
            return;
        }

        CheckOutputIndex(data, f);
        var item = f.Item.Raw(data);
        var fields = ItemFields.Read(item);
        var type = fields.Type.Raw(item);
        var id = ItemId(fields.Id.GetString(item));
        var outputIndex = f.OutputIndex.GetInt64(data);
        if (type.SequenceEqual("message"u8))
        {
            _inMessage = true;
            _messageItemId = id;
            _messageOutputIndex = outputIndex;
            _messageParts = 0;
            return;
        }

        _openItemId = id;
        _openOutputIndex = outputIndex;
        if (type.SequenceEqual("reasoning"u8))
        {
            Open(new BlockStartEvent { Kind = BlockKind.Reasoning, Id = id }, "reasoning");
        }
        else if (type.SequenceEqual("function_call"u8))
        {
            _sawToolCall = true;
            Open(new BlockStartEvent { Kind = BlockKind.ToolCall, Id = id, CallId = fields.CallId.GetString(item), Name = fields.Name.GetString(item) }, "function_call");
            var args = DeltaText(item, fields.Arguments);
            if (!args.IsEmpty)
            {
                _report.Add(RepairKind.ContentInStart);
                Emit(DeltaKind.ToolArguments, args);
            }
        }
        else
        {
            Open(new BlockStartEvent { Kind = BlockKind.Opaque, Id = id, Raw = item }, System.Text.Encoding.UTF8.GetString(type));
        }
    }

    private void CheckOutputIndex(ReadOnlySpan<byte> data, in EventFields f)
    {
        var expected = _closedItems.Count;
        if (f.OutputIndex.GetInt64(data) != expected)
        {
            _report.Add(RepairKind.BadSequence);
        }
    }

    private void OnPartAdded(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data, in EventFields f)
    {
        EnsureStarted();
        var part = f.Part.Raw(data);
        var partType = f.Part.IsObject ? JsonSlice.Find(part, "type"u8).Raw(part) : default;
        if (type.SequenceEqual("response.reasoning_part.added"u8) || partType.SequenceEqual("reasoning_text"u8) || partType.SequenceEqual("summary_text"u8))
        {
            EnsureReasoning(data, f);
            return;
        }

        var kind = partType.SequenceEqual("refusal"u8) ? BlockKind.Refusal : BlockKind.Text;
        if (_openKind == BlockKind.Text && kind == BlockKind.Text && _inMessage)
        {
            // A second output_text part of the same message item.
            CheckItemId(data, f, _messageItemId);
            _sink.Delta(new DeltaEvent(DeltaKind.TextPartBreak, default));
            _openHasContent = false;
            TakePartText(data, f, kind);
            return;
        }

        if (_openKind is BlockKind.Text or BlockKind.Refusal)
        {
            CloseBlockOnly();
        }

        EnsureTextual(kind, data, f);
        TakePartText(data, f, kind);
    }

    private void TakePartText(ReadOnlySpan<byte> data, in EventFields f, BlockKind kind)
    {
        if (!f.Part.IsObject)
        {
            return;
        }

        var part = f.Part.Raw(data);
        var text = JsonSlice.Find(part, kind == BlockKind.Refusal ? "refusal"u8 : "text"u8);
        if (text.IsString && !text.Raw(part).IsEmpty)
        {
            _report.Add(RepairKind.ContentInStart);
            Emit(kind == BlockKind.Refusal ? DeltaKind.Refusal : DeltaKind.Text, text.Raw(part));
        }
    }

    /// <summary>Counts an item id that differs from the one the item was opened with (rotating ids, row 24).</summary>
    private void CheckItemId(ReadOnlySpan<byte> data, in EventFields f, string? openId)
    {
        if (openId is not null && f.ItemId.IsString && !JsonText.Utf8Equals(f.ItemId.Raw(data), openId))
        {
            _report.Add(RepairKind.BadItemId);
        }
    }

    private void OnPartDone(ReadOnlySpan<byte> data, in EventFields f)
    {
        if (_openKind is not (BlockKind.Text or BlockKind.Refusal))
        {
            if (_openKind == BlockKind.Reasoning || !f.Part.IsObject)
            {
                return;
            }

            // A part that was never opened: take its content whole.
            var p = f.Part.Raw(data);
            var pt = JsonSlice.Find(p, "type"u8).Raw(p);
            EnsureTextual(pt.SequenceEqual("refusal"u8) ? BlockKind.Refusal : BlockKind.Text, data, f);
        }

        // A part whose text was streamed has nothing to fill; its copy here is often the longest string of the stream.
        if (f.Part.IsObject && !_openHasContent)
        {
            var part = f.Part.Raw(data);
            var text = JsonSlice.Find(part, _openKind == BlockKind.Refusal ? "refusal"u8 : "text"u8);
            FillIfEmpty(_openKind == BlockKind.Refusal ? DeltaKind.Refusal : DeltaKind.Text, text.Raw(part));
        }

        // The block stays open: a following output_text part of the same item continues it as a new part.
    }

    private void OnItemDone(ReadOnlySpan<byte> data, in EventFields f)
    {
        EnsureStarted();
        if (!f.Item.IsObject)
        {
            CloseItem(default);
            return;
        }

        var item = f.Item.Raw(data);
        var fields = ItemFields.Read(item);
        var type = fields.Type.Raw(item);
        var outputIndex = f.OutputIndex.GetInt64(data);

        var matchesOpen = type.SequenceEqual("message"u8)
            ? _inMessage || _openKind is BlockKind.Text or BlockKind.Refusal
            : _openKind is not null && JsonText.Utf8Equals(type, _openItemType);
        if (!matchesOpen)
        {
            if (_openKind is not null || _inMessage)
            {
                _report.Add(RepairKind.MissingDone);
                CloseItem(default);
            }

            if (IsClosed(fields.Id.GetString(item), outputIndex, item))
            {
                return; // a repeated done for an item already finished
            }

            // An item that was never added: stream it whole.
            _report.Add(RepairKind.MissingBlockStart);
            DecodeWholeItem(item);
            return;
        }

        var doneId = fields.Id.GetString(item);
        var openId = type.SequenceEqual("message"u8) ? _messageItemId : _openItemId;
        if (doneId is not null && openId is not null && doneId != openId)
        {
            _report.Add(RepairKind.BadItemId);
        }

        if (type.SequenceEqual("message"u8))
        {
            if (_openKind is null && _messageParts == 0)
            {
                // Added, then done, with its text only here.
                if (fields.Content.IsArray && fields.Content.Raw(item).Length > 2)
                {
                    _report.Add(RepairKind.ContentOnlyInDone);
                }

                DecodeMessageParts(item, fields, firstId: _messageItemId);
            }
            else if (!_openHasContent && _openKind is BlockKind.Text or BlockKind.Refusal)
            {
                FillFromMessage(item, fields);
            }

            CloseItem(default);
            return;
        }

        if (_openKind == BlockKind.ToolCall && !_openHasContent)
        {
            FillIfEmpty(DeltaKind.ToolArguments, DeltaText(item, fields.Arguments));
        }
        else if (_openKind == BlockKind.Reasoning)
        {
            if (!_openHasContent && fields.Summary.IsArray)
            {
                EmitSummaries(item, fields.Summary);
            }

            if (fields.EncryptedContent.IsString && !fields.EncryptedContent.Raw(item).IsEmpty)
            {
                _sink.Delta(new DeltaEvent(DeltaKind.Signature, fields.EncryptedContent.Raw(item)));
            }
        }

        CloseItem(_openKind == BlockKind.Opaque ? item : default, fields.Name.GetString(item));
    }

    private void OnTerminal(ReadOnlySpan<byte> response, bool failed)
    {
        EnsureStarted();
        if (_openKind is not null || _inMessage)
        {
            _report.Add(RepairKind.MissingDone);
            CloseItem(default);
        }

        if (response.IsEmpty)
        {
            _report.Add(RepairKind.IncompleteTerminal);
            EndStream(default, default, terminalSeen: true, explicitEnd: true);
            return;
        }

        CheckResponseId(response);
        JsonSlice output = default, usage = default, status = default, incomplete = default;
        List<Range> items = [];
        var reader = new Utf8JsonReader(response);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("output"u8))
            {
                output = ReadOutput(ref reader, items);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                usage = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                status = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("incomplete_details"u8))
            {
                incomplete = JsonSlice.Read(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!output.IsArray || !usage.IsObject || (output.Raw(response).Length <= 2 && _closedItems.Count > 0))
        {
            _report.Add(RepairKind.IncompleteTerminal);
        }

        if (output.IsArray)
        {
            Reconcile(response, items);
        }

        if (usage.IsObject)
        {
            _sink.Usage(ReadUsage(usage.Raw(response)));
        }

        if (failed)
        {
            var error = JsonSlice.Find(response, "error"u8);
            EmitError(error.IsObject ? error.Raw(response) : default);
            return;
        }

        var reason = JsonSlice.Find(incomplete.IsObject ? incomplete.Raw(response) : default, "reason"u8);
        var incompleteRaw = incomplete.IsObject ? incomplete.Raw(response) : default;
        EndStream(status.Raw(response), reason.IsString ? reason.Raw(incompleteRaw) : default, terminalSeen: true, explicitEnd: true);
    }

    /// <summary>
    /// Reads past the terminal <c>output</c> value (the reader is on its name) and returns its slice when it is an
    /// array, noting the array's object items in <paramref name="items"/> on the way: the array holds every item's
    /// text, so reading it a second time to reconcile would cost as much again. Anything else in the array (a sloppy
    /// <c>null</c>) is passed over; a value that is not an array gives an absent slice.
    /// </summary>
    private static JsonSlice ReadOutput(ref Utf8JsonReader reader, List<Range> items)
    {
        // A repeated "output" replaces the earlier one, as with every other field.
        items.Clear();
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return default;
        }

        var start = (int)reader.TokenStartIndex;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var isObject = reader.TokenType == JsonTokenType.StartObject;
            var itemStart = (int)reader.TokenStartIndex;
            reader.Skip();
            if (isObject)
            {
                items.Add(itemStart..(int)reader.BytesConsumed);
            }
        }

        return JsonSlice.Create(JsonTokenType.StartArray, start, (int)reader.BytesConsumed - start);
    }

    /// <summary>Streams the terminal output's items that never appeared as events (LiteLLM's fake streams carry tool calls only there).</summary>
    private void Reconcile(ReadOnlySpan<byte> response, List<Range> items)
    {
        var cursor = 0;
        var streamed = _closedItems.Count; // items decoded below are appended; never match against them
        foreach (var range in items)
        {
            var item = response[range];
            var type = JsonSlice.Find(item, "type"u8).Raw(item);
            var found = -1;
            for (var i = cursor; i < streamed; i++)
            {
                if (JsonText.Utf8Equals(type, _closedItems[i].Type))
                {
                    found = i;
                    break;
                }
            }

            if (found >= 0)
            {
                cursor = found + 1;
                continue;
            }

            if (!_decodingBody)
            {
                _report.Add(RepairKind.ContentOnlyInDone);
            }

            DecodeWholeItem(item);
        }
    }

    private void EndStream(ReadOnlySpan<byte> status, ReadOnlySpan<byte> incompleteReason, bool terminalSeen, bool explicitEnd)
    {
        if (_ended)
        {
            return;
        }

        EnsureStarted();
        if (_openKind is not null || _inMessage)
        {
            _report.Add(RepairKind.MissingDone);
            CloseItem(default);
        }

        _ended = true;
        if (!terminalSeen && !explicitEnd)
        {
            return;
        }

        StopReason reason;
        if (status.SequenceEqual("incomplete"u8))
        {
            reason = incompleteReason.SequenceEqual("content_filter"u8) ? StopReason.ContentFilter : StopReason.MaxTokens;
        }
        else
        {
            reason = _sawToolCall ? StopReason.ToolUse : StopReason.EndTurn;
        }

        _sink.Finish(new FinishEvent(reason, null, null, default));
        _sink.Complete();
    }

    private void EmitError(ReadOnlySpan<byte> error)
    {
        var (type, message, code) = ApiError.ReadErrorFields(error);
        _ended = true;
        var anthropicType = code switch
        {
            "rate_limit_exceeded" => "rate_limit_error",
            "server_is_overloaded" or "overloaded" => "overloaded_error",
            _ => type is "rate_limit_error" or "overloaded_error" or "invalid_request_error" ? type : "api_error",
        };
        _sink.Fail(new ErrorEvent(anthropicType, message ?? "The upstream reported an error.", code ?? "server_error"));
    }

    private string? ItemId(string? id)
    {
        if (id is not null && (id == _responseId || id.StartsWith("resp_", StringComparison.Ordinal)))
        {
            // LiteLLM's fake stream uses the response id as item id (origin.md).
            _report.Add(RepairKind.BadItemId);
            return null;
        }

        return id;
    }

    private void EnsureTextual(BlockKind kind, ReadOnlySpan<byte> data, in EventFields f)
    {
        EnsureStarted();
        if (_openKind == kind)
        {
            CheckItemId(data, f, _messageItemId);
            return;
        }

        if (_openKind is not null)
        {
            // Text arriving inside a reasoning or tool item: that item ended without its done events.
            _report.Add(_openKind is BlockKind.Text or BlockKind.Refusal ? RepairKind.DeltaKindMismatch : RepairKind.MissingDone);
            if (_inMessage && _openKind is BlockKind.Text or BlockKind.Refusal)
            {
                CloseBlockOnly();
            }
            else
            {
                CloseItem(default);
            }
        }

        if (!_inMessage)
        {
            _report.Add(RepairKind.MissingBlockStart);
            _inMessage = true;
            _messageItemId = ItemId(f.ItemId.GetString(data));
            _messageOutputIndex = f.OutputIndex.GetInt64(data);
            _messageParts = 0;
        }
        else if (_messageParts > 0 || !f.ContentIndex.Exists)
        {
            if (!f.ContentIndex.Exists && _messageParts == 0)
            {
                _report.Add(RepairKind.MissingBlockStart);
            }
        }

        var id = _messageParts == 0 ? _messageItemId : null;
        _messageParts++;
        Open(new BlockStartEvent { Kind = kind, Id = id }, "message");
    }

    private void EnsureTool(ReadOnlySpan<byte> data, in EventFields f)
    {
        EnsureStarted();
        if (_openKind == BlockKind.ToolCall)
        {
            CheckItemId(data, f, _openItemId);
            return;
        }

        if (_openKind is not null || _inMessage)
        {
            _report.Add(RepairKind.MissingDone);
            CloseItem(default);
        }

        _report.Add(RepairKind.MissingBlockStart);
        _sawToolCall = true;
        _openItemId = ItemId(f.ItemId.GetString(data));
        _openOutputIndex = f.OutputIndex.GetInt64(data);
        Open(new BlockStartEvent { Kind = BlockKind.ToolCall, Id = _openItemId, Name = f.Name.GetString(data), CallId = f.CallId.GetString(data) }, "function_call");
    }

    private void EnsureReasoning(ReadOnlySpan<byte> data, in EventFields f)
    {
        EnsureStarted();
        if (_openKind == BlockKind.Reasoning)
        {
            CheckItemId(data, f, _openItemId);
            return;
        }

        if (_openKind is not null || _inMessage)
        {
            _report.Add(RepairKind.MissingDone);
            CloseItem(default);
        }

        _report.Add(RepairKind.MissingBlockStart);
        _openItemId = ItemId(f.ItemId.GetString(data));
        _openOutputIndex = f.OutputIndex.GetInt64(data);
        Open(new BlockStartEvent { Kind = BlockKind.Reasoning, Id = _openItemId }, "reasoning");
    }

    private void SwitchSummaryPart(long? index)
    {
        if (index is { } i && i != _summaryIndex)
        {
            if (_openHasContent)
            {
                _sink.Delta(new DeltaEvent(DeltaKind.ReasoningPartBreak, default));
                _openHasContent = false;
            }

            _summaryIndex = i;
        }
    }

    private void Open(in BlockStartEvent e, string itemType)
    {
        _openKind = e.Kind;
        _openItemType = itemType;
        _openHasContent = false;
        _summaryIndex = 0;
        _sink.BlockStart(e);
    }

    private void Emit(DeltaKind kind, ReadOnlySpan<byte> value)
    {
        if (!value.IsEmpty)
        {
            _openHasContent = true;
        }

        _sink.Delta(new DeltaEvent(kind, value));
    }

    private void FillIfEmpty(DeltaKind kind, ReadOnlySpan<byte> value)
    {
        if (_openHasContent || value.IsEmpty)
        {
            return;
        }

        _report.Add(RepairKind.ContentOnlyInDone);
        Emit(kind, value);
    }

    /// <summary>Closes the open text part but keeps its message item open for more parts.</summary>
    private void CloseBlockOnly()
    {
        if (_openKind is null)
        {
            return;
        }

        _openKind = null;
        _sink.BlockEnd(new BlockEndEvent(default));
    }

    private void CloseItem(ReadOnlySpan<byte> rawFinal, string? name = null)
    {
        if (_inMessage)
        {
            CloseBlockOnly();
            _closedItems.Add(("message", _messageItemId, _messageOutputIndex));
            _inMessage = false;
            _messageItemId = null;
            return;
        }

        if (_openKind is null)
        {
            return;
        }

        _openKind = null;
        _sink.BlockEnd(new BlockEndEvent(rawFinal) { Name = name });
        _closedItems.Add((_openItemType, _openItemId, _openOutputIndex));
    }

    private bool IsClosed(string? id, long? outputIndex, ReadOnlySpan<byte> item)
    {
        foreach (var closed in _closedItems)
        {
            if ((id is not null && closed.Id == id) || (outputIndex is not null && closed.OutputIndex == outputIndex && id is null))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Streams one complete output item as neutral events.</summary>
    private void DecodeWholeItem(ReadOnlySpan<byte> item)
    {
        var fields = ItemFields.Read(item);
        var type = fields.Type.Raw(item);
        var id = ItemId(fields.Id.GetString(item));
        if (type.SequenceEqual("message"u8))
        {
            _inMessage = true;
            _messageItemId = id;
            _messageOutputIndex = null;
            _messageParts = 0;
            DecodeMessageParts(item, fields, firstId: id);
            CloseItem(default);
            return;
        }

        _openItemId = id;
        _openOutputIndex = null;
        if (type.SequenceEqual("reasoning"u8))
        {
            Open(new BlockStartEvent { Kind = BlockKind.Reasoning, Id = id }, "reasoning");
            if (fields.Summary.IsArray)
            {
                EmitSummaries(item, fields.Summary);
            }

            if (!_openHasContent && fields.Content.IsArray)
            {
                EmitSummaries(item, fields.Content);
            }

            if (fields.EncryptedContent.IsString && !fields.EncryptedContent.Raw(item).IsEmpty)
            {
                _sink.Delta(new DeltaEvent(DeltaKind.Signature, fields.EncryptedContent.Raw(item)));
            }

            CloseItem(default);
        }
        else if (type.SequenceEqual("function_call"u8))
        {
            _sawToolCall = true;
            Open(new BlockStartEvent { Kind = BlockKind.ToolCall, Id = id, CallId = fields.CallId.GetString(item), Name = fields.Name.GetString(item) }, "function_call");
            Emit(DeltaKind.ToolArguments, DeltaText(item, fields.Arguments));
            CloseItem(default);
        }
        else
        {
            Open(new BlockStartEvent { Kind = BlockKind.Opaque, Id = id, Raw = item }, System.Text.Encoding.UTF8.GetString(type));
            CloseItem(item);
        }
    }

    private void DecodeMessageParts(ReadOnlySpan<byte> item, in ItemFields fields, string? firstId)
    {
        if (!fields.Content.IsArray)
        {
            return;
        }

        var content = fields.Content.Raw(item);
        var reader = new Utf8JsonReader(content);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var part = content[start..(int)reader.BytesConsumed];
            var partType = JsonSlice.Find(part, "type"u8).Raw(part);
            var refusal = partType.SequenceEqual("refusal"u8);
            if (!refusal && !partType.SequenceEqual("output_text"u8))
            {
                continue;
            }

            if (!refusal && _openKind == BlockKind.Text)
            {
                _sink.Delta(new DeltaEvent(DeltaKind.TextPartBreak, default));
            }
            else
            {
                CloseBlockOnly();
                Open(new BlockStartEvent { Kind = refusal ? BlockKind.Refusal : BlockKind.Text, Id = _messageParts == 0 ? firstId : null }, "message");
            }

            _messageParts++;
            Emit(refusal ? DeltaKind.Refusal : DeltaKind.Text, JsonSlice.Find(part, refusal ? "refusal"u8 : "text"u8).Raw(part));
            var annotations = JsonSlice.Find(part, "annotations"u8);
            if (annotations.IsArray)
            {
                var list = annotations.Raw(part);
                var annotationReader = new Utf8JsonReader(list);
                annotationReader.Read();
                while (annotationReader.Read() && annotationReader.TokenType == JsonTokenType.StartObject)
                {
                    var s = (int)annotationReader.TokenStartIndex;
                    annotationReader.Skip();
                    _sink.Delta(new DeltaEvent(DeltaKind.Citation, list[s..(int)annotationReader.BytesConsumed]));
                }
            }
        }

        CloseBlockOnly();
    }

    private void FillFromMessage(ReadOnlySpan<byte> item, in ItemFields fields)
    {
        if (!fields.Content.IsArray)
        {
            return;
        }

        var content = fields.Content.Raw(item);
        var reader = new Utf8JsonReader(content);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var part = content[start..(int)reader.BytesConsumed];
            var text = JsonSlice.Find(part, _openKind == BlockKind.Refusal ? "refusal"u8 : "text"u8);
            if (text.IsString && !text.Raw(part).IsEmpty)
            {
                FillIfEmpty(_openKind == BlockKind.Refusal ? DeltaKind.Refusal : DeltaKind.Text, text.Raw(part));
                return;
            }
        }
    }

    private void EmitSummaries(ReadOnlySpan<byte> item, JsonSlice summary)
    {
        var list = summary.Raw(item);
        var reader = new Utf8JsonReader(list);
        reader.Read();
        var first = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var part = list[start..(int)reader.BytesConsumed];
            var text = JsonSlice.Find(part, "text"u8);
            if (!text.IsString || text.Raw(part).IsEmpty)
            {
                continue;
            }

            if (!first)
            {
                _sink.Delta(new DeltaEvent(DeltaKind.ReasoningPartBreak, default));
            }

            first = false;
            Emit(DeltaKind.Reasoning, text.Raw(part));
        }
    }

    /// <summary>A text value as escaped string content; arguments sent as an object are serialized first.</summary>
    private static ReadOnlySpan<byte> DeltaText(ReadOnlySpan<byte> document, JsonSlice value) =>
        value.IsString ? value.Raw(document) : value.IsObject ? JsonText.Escape(value.Raw(document)) : default;

    internal static UsageEvent ReadUsage(ReadOnlySpan<byte> usage)
    {
        long? input = null, output = null, cached = null, reasoning = null;
        var reader = new Utf8JsonReader(usage);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("input_tokens"u8))
            {
                input = JsonSlice.Read(ref reader).GetInt64(usage);
            }
            else if (reader.ValueTextEquals("output_tokens"u8))
            {
                output = JsonSlice.Read(ref reader).GetInt64(usage);
            }
            else if (reader.ValueTextEquals("input_tokens_details"u8))
            {
                var details = JsonSlice.Read(ref reader);
                if (details.IsObject)
                {
                    var raw = details.Raw(usage);
                    cached = JsonSlice.Find(raw, "cached_tokens"u8).GetInt64(raw);
                }
            }
            else if (reader.ValueTextEquals("output_tokens_details"u8))
            {
                var details = JsonSlice.Read(ref reader);
                if (details.IsObject)
                {
                    var raw = details.Raw(usage);
                    reasoning = JsonSlice.Find(raw, "reasoning_tokens"u8).GetInt64(raw);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // Responses counts cached tokens inside input_tokens; the neutral model keeps them apart.
        var uncached = input is { } i ? Math.Max(0, i - (cached ?? 0)) : (long?)null;
        return new UsageEvent(uncached, cached ?? (input is null ? null : 0), null, output, reasoning);
    }
}
