using System.Text.Json;
using LlmGateway.Protocols.Json;
using LlmGateway.Protocols.Neutral;
using LlmGateway.Protocols.Sse;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>
/// Reads an Anthropic Messages stream or body, however sloppy, into neutral events: frames without
/// <c>event:</c> lines, deltas with a missing, negative, reused or skipped index and no start, delta kinds that
/// do not match their block, missing stops, a missing <c>message_delta</c> or <c>message_stop</c>, <c>[DONE]</c>.
/// </summary>
public sealed class MessagesDecoder : ISseFrameHandler, IUpstreamDecoder
{
    private static readonly System.Buffers.SearchValues<byte> EmptyObjectBytes = System.Buffers.SearchValues.Create(" \t\r\n{}"u8);

    private readonly IResponseEventSink _sink;
    private readonly NormalizationReport _report;

    private bool _started;
    private bool _ended;
    private bool _sawMessageDelta;
    private BlockKind? _openKind;
    private long _openIndex = -1;
    private long _expectedIndex;

    public MessagesDecoder(IResponseEventSink sink, NormalizationReport report)
    {
        _sink = sink;
        _report = report;
    }

    public void OnFrame(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        if (data.SequenceEqual("[DONE]"u8))
        {
            // Messages has no sentinel (wire-protocols.md 1.4): never forwarded; before the end it ends the stream.
            _report.Add(RepairKind.DoneSentinel);
            if (!_ended && !_sink.IsTerminated)
            {
                FinishStream(explicitEnd: true);
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

        if (_openKind == BlockKind.Text && CanonicalTextDelta.TryRead(data, out var index, out var text))
        {
            // Most of a stream: the same checks as the general path, without parsing the event twice.
            CheckIndex(index, isStart: false);
            _sink.Delta(new DeltaEvent(DeltaKind.Text, text));
            return;
        }

        try
        {
            Dispatch(eventName, data);
        }
        catch (JsonException)
        {
            _report.Add(RepairKind.UnparsableFrame);
        }
    }

    public void Complete()
    {
        if (_ended || _sink.IsTerminated)
        {
            return;
        }

        FinishStream(explicitEnd: false);
    }

    /// <summary>Decodes a whole non-streaming Messages body.</summary>
    public void DecodeBody(ReadOnlySpan<byte> body)
    {
        JsonSlice id = default, content = default, stopReason = default, stopSequence = default, stopDetails = default, usage = default, type = default, error = default;
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Body is not a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                id = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                type = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                content = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("stop_reason"u8))
            {
                stopReason = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("stop_sequence"u8))
            {
                stopSequence = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("stop_details"u8))
            {
                stopDetails = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                usage = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                error = JsonSlice.Read(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (type.ValueEquals(body, "error"u8) || error.IsObject)
        {
            EmitError(error.Raw(body));
            return;
        }

        if (usage.IsObject)
        {
            _sink.Usage(ReadUsage(usage.Raw(body)));
        }

        _sink.Start(new StartEvent(id.GetString(body), null, default));

        if (content.IsArray)
        {
            DecodeBlocks(content.Raw(body));
        }

        _sink.Finish(new FinishEvent(MapStopReason(stopReason.GetString(body)), stopReason.GetString(body), stopSequence.GetString(body), stopDetails.IsObject ? stopDetails.Raw(body) : default));
        _sink.Complete();
        _ended = true;
    }

    private void Dispatch(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        JsonSlice type = default, index = default, contentBlock = default, delta = default, message = default, usage = default, error = default;
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            _report.Add(RepairKind.UnparsableFrame);
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                type = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                index = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                delta = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("content_block"u8))
            {
                contentBlock = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                message = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                usage = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                error = JsonSlice.Read(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        var t = type.Raw(data);
        if (t.IsEmpty)
        {
            if (error.IsObject)
            {
                // A bare {"error": …} chunk, as proxies send mid-stream.
                EmitError(error.Raw(data));
                return;
            }

            t = eventName; // the name is on the event line only
        }

        if (t.SequenceEqual("content_block_delta"u8))
        {
            OnDelta(data, index, delta);
        }
        else if (t.SequenceEqual("content_block_start"u8))
        {
            OnBlockStart(data, index, contentBlock);
        }
        else if (t.SequenceEqual("content_block_stop"u8))
        {
            OnBlockStop();
        }
        else if (t.SequenceEqual("message_start"u8))
        {
            OnMessageStart(message.IsObject ? message.Raw(data) : default);
        }
        else if (t.SequenceEqual("message_delta"u8))
        {
            OnMessageDelta(data, delta, usage);
        }
        else if (t.SequenceEqual("message_stop"u8))
        {
            if (!_sawMessageDelta)
            {
                _report.Add(RepairKind.MissingUsage);
            }

            FinishStream(explicitEnd: true);
        }
        else if (t.SequenceEqual("ping"u8))
        {
            _sink.Passthrough("ping"u8, data);
        }
        else if (t.SequenceEqual("error"u8))
        {
            EmitError(error.IsObject ? error.Raw(data) : default);
        }
        else
        {
            // Every documented Messages event is modeled; an unknown name would break strict clients (wire-protocols.md 1.4).
            _report.Add(RepairKind.DroppedEvent);
        }
    }

    private void OnMessageStart(ReadOnlySpan<byte> message)
    {
        if (_started)
        {
            _report.Add(RepairKind.DuplicateStart);
            return;
        }

        _started = true;
        string? id = null;
        JsonSlice content = default;
        if (!message.IsEmpty)
        {
            var reader = new Utf8JsonReader(message);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    id = JsonSlice.Read(ref reader).GetString(message);
                }
                else if (reader.ValueTextEquals("content"u8))
                {
                    content = JsonSlice.Read(ref reader);
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    var usage = JsonSlice.Read(ref reader);
                    if (usage.IsObject)
                    {
                        var u = ReadUsage(usage.Raw(message));

                        // message_start's output_tokens is a placeholder; the real count comes in message_delta.
                        _sink.Usage(u with { OutputTokens = null });
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        _sink.Start(new StartEvent(id, null, message));

        // Start payloads are empty shells; content placed in one is moved into blocks of its own.
        if (content.IsArray && content.Raw(message).Length > 2)
        {
            _report.Add(RepairKind.ContentInStart);
            DecodeBlocks(content.Raw(message));
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

    private void OnBlockStart(ReadOnlySpan<byte> data, JsonSlice index, JsonSlice contentBlock)
    {
        EnsureStarted();
        if (_openKind is not null)
        {
            _report.Add(RepairKind.MissingBlockStop);
            CloseBlock();
        }

        CheckIndex(index.GetInt64(data), isStart: true);
        if (!contentBlock.IsObject)
        {
            _report.Add(RepairKind.DroppedEvent);
            return;
        }

        var block = contentBlock.Raw(data);
        var (type, id, name, text, thinking, signature, input, citations) = ContentBlockFields.Read(block);

        var t = type.Raw(block);
        if (t.SequenceEqual("text"u8))
        {
            Open(new BlockStartEvent { Kind = BlockKind.Text, HasCitations = citations.Exists && !citations.IsNull });
            if (text.IsString && !text.Raw(block).IsEmpty)
            {
                _report.Add(RepairKind.ContentInStart);
                _sink.Delta(new DeltaEvent(DeltaKind.Text, text.Raw(block)));
            }
        }
        else if (t.SequenceEqual("thinking"u8))
        {
            Open(new BlockStartEvent { Kind = BlockKind.Reasoning });
            if (thinking.IsString && !thinking.Raw(block).IsEmpty)
            {
                _report.Add(RepairKind.ContentInStart);
                _sink.Delta(new DeltaEvent(DeltaKind.Reasoning, thinking.Raw(block)));
            }

            if (signature.IsString && !signature.Raw(block).IsEmpty)
            {
                _sink.Delta(new DeltaEvent(DeltaKind.Signature, signature.Raw(block)));
            }
        }
        else if (t.SequenceEqual("tool_use"u8))
        {
            Open(new BlockStartEvent { Kind = BlockKind.ToolCall, Id = id.GetString(block), CallId = id.GetString(block), Name = name.GetString(block) });
            if (input.IsObject && !IsEmptyObject(input.Raw(block)))
            {
                _report.Add(RepairKind.ContentInStart);
                _sink.Delta(new DeltaEvent(DeltaKind.ToolArguments, JsonText.Escape(input.Raw(block))));
            }
            else if (input.IsString && !input.Raw(block).IsEmpty)
            {
                // Input sent as a JSON string rather than an object.
                _report.Add(RepairKind.ContentInStart);
                _sink.Delta(new DeltaEvent(DeltaKind.ToolArguments, input.Raw(block)));
            }
        }
        else
        {
            // server_tool_use, *_tool_result, redacted_thinking and future block types travel unchanged.
            Open(new BlockStartEvent { Kind = BlockKind.Opaque, Id = id.GetString(block), Raw = block });
        }
    }

    private void OnDelta(ReadOnlySpan<byte> data, JsonSlice index, JsonSlice delta)
    {
        EnsureStarted();
        if (!delta.IsObject)
        {
            _report.Add(RepairKind.DroppedEvent);
            return;
        }

        var raw = delta.Raw(data);
        var (type, text, thinking, partialJson, signature, citation) = DeltaFields.Read(raw);
        var t = type.Raw(raw);
        if (t.IsEmpty)
        {
            // No delta.type: the field that is present says what it is.
            t = text.IsString ? "text_delta"u8 : thinking.IsString ? "thinking_delta"u8 : partialJson.IsString ? "input_json_delta"u8
                : signature.IsString ? "signature_delta"u8 : citation.IsObject ? "citations_delta"u8 : default;
        }

        if (t.SequenceEqual("text_delta"u8))
        {
            if (PlaceDelta(index.GetInt64(data), BlockKind.Text))
            {
                _sink.Delta(new DeltaEvent(DeltaKind.Text, text.Raw(raw)));
            }
        }
        else if (t.SequenceEqual("thinking_delta"u8))
        {
            if (PlaceDelta(index.GetInt64(data), BlockKind.Reasoning))
            {
                _sink.Delta(new DeltaEvent(DeltaKind.Reasoning, thinking.Raw(raw)));
            }
        }
        else if (t.SequenceEqual("input_json_delta"u8))
        {
            if (_openKind == BlockKind.Opaque)
            {
                _sink.Delta(new DeltaEvent(DeltaKind.OpaqueRaw, raw));
            }
            else if (_openKind == BlockKind.ToolCall)
            {
                CheckIndex(index.GetInt64(data), isStart: false);
                _sink.Delta(new DeltaEvent(DeltaKind.ToolArguments, partialJson.Raw(raw)));
            }
            else
            {
                // Arguments with no tool block: without a name there is no tool call to give them to.
                _report.Add(RepairKind.DroppedEvent);
            }
        }
        else if (t.SequenceEqual("signature_delta"u8))
        {
            if (_openKind == BlockKind.Reasoning)
            {
                _sink.Delta(new DeltaEvent(DeltaKind.Signature, signature.Raw(raw)));
            }
            else
            {
                _report.Add(RepairKind.DroppedEvent);
            }
        }
        else if (t.SequenceEqual("citations_delta"u8))
        {
            if (citation.IsObject && PlaceDelta(index.GetInt64(data), BlockKind.Text))
            {
                _sink.Delta(new DeltaEvent(DeltaKind.Citation, citation.Raw(raw)));
            }
        }
        else if (_openKind == BlockKind.Opaque)
        {
            _sink.Delta(new DeltaEvent(DeltaKind.OpaqueRaw, raw));
        }
        else
        {
            _report.Add(RepairKind.DroppedEvent);
        }
    }

    /// <summary>Finds or opens the block a delta of <paramref name="kind"/> belongs to; false when it must be dropped.</summary>
    private bool PlaceDelta(long? index, BlockKind kind)
    {
        if (_openKind == kind)
        {
            CheckIndex(index, isStart: false);
            return true;
        }

        if (_openKind is null)
        {
            _report.Add(RepairKind.MissingBlockStart);
        }
        else
        {
            _report.Add(RepairKind.DeltaKindMismatch);
            CloseBlock();
        }

        _openIndex = index ?? -1;
        _expectedIndex = Math.Max(_expectedIndex, _openIndex + 1);
        Open(new BlockStartEvent { Kind = kind });
        return true;
    }

    private void CheckIndex(long? value, bool isStart)
    {
        if (isStart)
        {
            if (value != _expectedIndex)
            {
                _report.Add(RepairKind.BadIndex);
            }

            _openIndex = value ?? _expectedIndex;
            _expectedIndex = Math.Max(_expectedIndex, _openIndex) + 1;
        }
        else if (value != _openIndex)
        {
            _report.Add(RepairKind.BadIndex);
        }
    }

    private void Open(in BlockStartEvent e)
    {
        _openKind = e.Kind;
        _sink.BlockStart(e);
    }

    private void OnBlockStop()
    {
        if (_openKind is null)
        {
            return;
        }

        CloseBlock();
    }

    private void CloseBlock()
    {
        _openKind = null;
        _sink.BlockEnd(new BlockEndEvent(default));
    }

    private void OnMessageDelta(ReadOnlySpan<byte> data, JsonSlice delta, JsonSlice usage)
    {
        EnsureStarted();
        if (_openKind is not null)
        {
            _report.Add(RepairKind.MissingBlockStop);
            CloseBlock();
        }

        _sawMessageDelta = true;
        if (usage.IsObject)
        {
            _sink.Usage(ReadUsage(usage.Raw(data)));
        }
        else
        {
            _report.Add(RepairKind.MissingUsage);
        }

        if (!delta.IsObject)
        {
            return;
        }

        var raw = delta.Raw(data);
        JsonSlice stopReason = default, stopSequence = default, stopDetails = default;
        var reader = new Utf8JsonReader(raw);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("stop_reason"u8))
            {
                stopReason = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("stop_sequence"u8))
            {
                stopSequence = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("stop_details"u8))
            {
                stopDetails = JsonSlice.Read(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        var reason = stopReason.GetString(raw);
        if (reason is not null)
        {
            _sink.Finish(new FinishEvent(MapStopReason(reason), reason, stopSequence.GetString(raw), stopDetails.IsObject ? stopDetails.Raw(raw) : default));
        }
    }

    private void FinishStream(bool explicitEnd)
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        if (_openKind is not null)
        {
            _report.Add(RepairKind.MissingBlockStop);
            CloseBlock();
        }

        if (explicitEnd || _sawMessageDelta)
        {
            if (!explicitEnd)
            {
                _report.Add(RepairKind.MissingStop);
            }
            else if (!_sawMessageDelta)
            {
                _report.Add(RepairKind.MissingUsage);
            }

            _sink.Complete();
            return;
        }

        _report.Add(RepairKind.Truncated);
        _sink.Fail(new ErrorEvent("api_error", "The upstream stream ended before the message was complete."));
    }

    private void EmitError(ReadOnlySpan<byte> error)
    {
        var (type, message, _) = ApiError.ReadErrorFields(error);
        _ended = true;
        _sink.Fail(new ErrorEvent(type ?? "api_error", message ?? "The upstream reported an error."));
    }

    private void DecodeBlocks(ReadOnlySpan<byte> blocks)
    {
        var reader = new Utf8JsonReader(blocks);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            DecodeWholeBlock(blocks[start..(int)reader.BytesConsumed]);
        }
    }

    private void DecodeWholeBlock(ReadOnlySpan<byte> block)
    {
        var (type, id, name, text, thinking, signature, input, citations) = ContentBlockFields.Read(block);

        var t = type.Raw(block);
        if (t.SequenceEqual("text"u8))
        {
            _sink.BlockStart(new BlockStartEvent { Kind = BlockKind.Text, HasCitations = citations.IsArray });
            _sink.Delta(new DeltaEvent(DeltaKind.Text, text.Raw(block)));
            if (citations.IsArray)
            {
                ForEachObject(citations.Raw(block), static (sink, c) => sink.Delta(new DeltaEvent(DeltaKind.Citation, c)));
            }
        }
        else if (t.SequenceEqual("thinking"u8))
        {
            _sink.BlockStart(new BlockStartEvent { Kind = BlockKind.Reasoning });
            _sink.Delta(new DeltaEvent(DeltaKind.Reasoning, thinking.Raw(block)));
            if (signature.IsString && !signature.Raw(block).IsEmpty)
            {
                _sink.Delta(new DeltaEvent(DeltaKind.Signature, signature.Raw(block)));
            }
        }
        else if (t.SequenceEqual("tool_use"u8))
        {
            _sink.BlockStart(new BlockStartEvent { Kind = BlockKind.ToolCall, Id = id.GetString(block), CallId = id.GetString(block), Name = name.GetString(block) });
            if (input.Exists && !input.IsNull)
            {
                _sink.Delta(new DeltaEvent(DeltaKind.ToolArguments, input.IsString ? input.Raw(block) : JsonText.Escape(input.Raw(block))));
            }
        }
        else
        {
            _sink.BlockStart(new BlockStartEvent { Kind = BlockKind.Opaque, Id = id.GetString(block), Raw = block });
        }

        _sink.BlockEnd(new BlockEndEvent(default));
    }

    private void ForEachObject(ReadOnlySpan<byte> array, SpanAction action)
    {
        var reader = new Utf8JsonReader(array);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            action(_sink, array[start..(int)reader.BytesConsumed]);
        }
    }

    private delegate void SpanAction(IResponseEventSink sink, ReadOnlySpan<byte> value);

    private static bool IsEmptyObject(ReadOnlySpan<byte> json) => json.IndexOfAnyExcept(EmptyObjectBytes) < 0;

    internal static UsageEvent ReadUsage(ReadOnlySpan<byte> usage)
    {
        long? input = null, cacheRead = null, cacheCreation = null, output = null;
        byte[]? serverToolUse = null;
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
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
            {
                cacheRead = JsonSlice.Read(ref reader).GetInt64(usage);
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                cacheCreation = JsonSlice.Read(ref reader).GetInt64(usage);
            }
            else if (reader.ValueTextEquals("server_tool_use"u8))
            {
                var slice = JsonSlice.Read(ref reader);
                serverToolUse = slice.IsObject ? slice.Raw(usage).ToArray() : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new UsageEvent(input, cacheRead, cacheCreation, output, null, serverToolUse);
    }

    internal static StopReason MapStopReason(string? reason) => reason switch
    {
        null => StopReason.Unknown,
        "end_turn" => StopReason.EndTurn,
        "max_tokens" => StopReason.MaxTokens,
        "stop_sequence" => StopReason.StopSequence,
        "tool_use" => StopReason.ToolUse,
        "pause_turn" => StopReason.PauseTurn,
        "refusal" => StopReason.Refusal,
        "model_context_window_exceeded" => StopReason.ContextWindowExceeded,

        // Values of other APIs that sloppy Messages imitations send.
        "stop" => StopReason.EndTurn,
        "length" or "max_output_tokens" => StopReason.MaxTokens,
        "tool_calls" or "function_call" => StopReason.ToolUse,
        "content_filter" => StopReason.Refusal,
        _ => StopReason.Other,
    };
}
