using System.Buffers;
using System.Text.Json;
using LlmGateway.Protocols.Json;
using LlmGateway.Protocols.Neutral;
using LlmGateway.Protocols.Sse;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>
/// Encodes neutral events as a strict Anthropic Messages response: one <c>message_start</c>, blocks indexed
/// 0,1,2… one at a time with empty start payloads and matching deltas, no empty text blocks, valid tool input,
/// one <c>message_delta</c> with usage and one <c>message_stop</c>; or <c>event: error</c>. In body mode it writes
/// the final Message object instead (wire-protocols.md 1.2, 1.8 and 6).
/// </summary>
public sealed class MessagesEncoder : IResponseEventSink, IDisposable
{
    private readonly bool _streaming;
    private readonly bool _sameApi;
    private readonly string _model;
    private readonly string? _requestId;
    private readonly NormalizationReport _report;
    private readonly SseFrameWriter _frames = new();
    private readonly UsageTotals _usage = new();
    private readonly List<OutputBlock> _blocks = [];
    private readonly HashSet<string> _toolIds = new(StringComparer.Ordinal);
    private IBufferWriter<byte> _output = new ArrayBufferWriter<byte>(1);

    private bool _started;
    private string _messageId = string.Empty;
    private int _nextIndex;
    private OutputBlock? _open;
    private int _openIndex;
    private bool _sawToolUse;
    private long _contentBytes;
    private string? _stopReason;
    private string? _stopSequence;
    private byte[]? _stopDetails;
    private bool _finishSeen;

    public MessagesEncoder(NormalizerOptions options, NormalizationReport report)
    {
        ArgumentNullException.ThrowIfNull(options);
        _streaming = options.ClientStreams;
        _sameApi = options.UpstreamApi == WireApi.Messages;
        _model = options.RequestedModel;
        _requestId = options.RequestId;
        _report = report;
    }

    public bool IsTerminated { get; private set; }

    /// <summary>Where the next events are written.</summary>
    public void SetOutput(IBufferWriter<byte> output) => _output = output;

    public void Start(in StartEvent e)
    {
        if (_started || IsTerminated)
        {
            return;
        }

        _messageId = IsUsableId(e.Id, "msg_") ? e.Id! : IdGenerator.New("msg_");
        _started = true;
        if (!_streaming)
        {
            return;
        }

        var json = _frames.Begin(_output, "message_start"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "message_start"u8);
        json.WriteStartObject("message"u8);
        WriteMessageHead(json);
        json.WriteStartArray("content"u8);
        json.WriteEndArray();
        json.WriteNull("stop_reason"u8);
        json.WriteNull("stop_sequence"u8);
        json.WriteStartObject("usage"u8);
        json.WriteNumber("input_tokens"u8, _usage.InputTokens ?? 0);
        json.WriteNumber("cache_creation_input_tokens"u8, _usage.CacheCreationInputTokens ?? 0);
        json.WriteNumber("cache_read_input_tokens"u8, _usage.CacheReadInputTokens ?? 0);
        json.WriteNumber("output_tokens"u8, _usage.OutputTokens ?? 0);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        _frames.End(_output);
    }

    public void BlockStart(in BlockStartEvent e)
    {
        if (IsTerminated)
        {
            return;
        }

        EnsureStarted();
        CloseOpenBlock();
        if (e.Kind == BlockKind.Opaque && !_sameApi)
        {
            // Opaque content of another API has no Messages form; translation rules live with issue 3.
            return;
        }

        var block = new OutputBlock(e.Kind == BlockKind.Refusal ? BlockKind.Text : e.Kind)
        {
            HasCitations = e.HasCitations,
            Name = e.Name,
        };
        if (e.Kind == BlockKind.ToolCall)
        {
            block.Id = UniqueToolId(e.CallId ?? e.Id);
            block.Name = string.IsNullOrEmpty(e.Name) ? null : e.Name;
            _sawToolUse = true;
        }
        else if (e.Kind == BlockKind.Opaque)
        {
            block.RawStart = e.Raw.ToArray();
        }

        _open = block;

        // Text and thinking start lazily, at their first content, so no empty block reaches the client; a tool call
        // whose name is not known yet starts at its end, when the name may have arrived.
        if (block.Kind == BlockKind.Opaque || (block.Kind == BlockKind.ToolCall && block.Name is not null))
        {
            EmitBlockStart();
        }
    }

    public void Delta(in DeltaEvent e)
    {
        if (IsTerminated)
        {
            return;
        }

        EnsureStarted();
        var kind = KindOf(e.Kind);
        if (kind is null)
        {
            if (e.Kind == DeltaKind.ReasoningPartBreak && _open is { Kind: BlockKind.Reasoning, Emitted: true })
            {
                // Summary parts have no Messages form; keep them apart as paragraphs.
                WriteContentDelta("\\n\\n"u8);
            }

            // TextPartBreak: Messages text has no parts; the text simply continues.
            return;
        }

        if (e.Kind is DeltaKind.OpaqueRaw or DeltaKind.Citation && !_sameApi)
        {
            return;
        }

        if (e.Kind == DeltaKind.OpaqueRaw)
        {
            if (_open is not { Kind: BlockKind.Opaque })
            {
                _report.Add(RepairKind.DroppedEvent);
                return;
            }

            WriteOpaqueDelta(e.Value);
            return;
        }

        if (_open is null || _open.Kind != kind)
        {
            CloseOpenBlock();
            _open = new OutputBlock(kind.Value);
            if (kind == BlockKind.ToolCall)
            {
                _open.Id = UniqueToolId(null);
                _sawToolUse = true;
            }
        }

        switch (e.Kind)
        {
            case DeltaKind.Text or DeltaKind.Reasoning or DeltaKind.Refusal:
                if (e.Value.IsEmpty)
                {
                    return;
                }

                EmitBlockStart();
                _contentBytes += e.Value.Length;
                WriteContentDelta(e.Value);
                break;
            case DeltaKind.ToolArguments:
                // Buffered: only the validated whole object is sent, at the block's end (wire-protocols.md 3.4 step 4).
                _open.Content.Append(e.Value);
                _contentBytes += e.Value.Length;
                break;
            case DeltaKind.Signature:
                if (!_sameApi)
                {
                    return; // never forward another API's verification blob as a signature
                }

                // Sent just before the block's stop, after every thinking delta (wire-protocols.md 1.6).
                EmitBlockStart();
                _open.Signature = e.Value.ToArray();
                break;
            case DeltaKind.Citation:
                EmitBlockStart();
                _open.Citations.Add(e.Value.ToArray());
                if (_streaming)
                {
                    var json = BeginDelta();
                    json.WriteString("type"u8, "citations_delta"u8);
                    json.WritePropertyName("citation"u8);
                    json.WriteRawValue(e.Value, skipInputValidation: true);
                    EndDelta(json);
                }

                break;
        }
    }

    public void BlockEnd(in BlockEndEvent e)
    {
        if (IsTerminated)
        {
            return;
        }

        if (_open is { Kind: BlockKind.ToolCall, Name: null } && !string.IsNullOrEmpty(e.Name))
        {
            _open.Name = e.Name;
        }

        CloseOpenBlock();
    }

    public void Usage(in UsageEvent e) => _usage.Merge(e);

    public void Finish(in FinishEvent e)
    {
        _finishSeen = true;
        _stopReason = ToAnthropic(e.Reason, e.RawReason);
        if (_sameApi && e.RawReason is not null && e.RawReason != _stopReason)
        {
            // An undocumented value: strict clients reject it, so it became the closest documented one.
            _report.Add(RepairKind.StopReason);
        }
        _stopSequence = e.StopSequence;
        _stopDetails = _sameApi && !e.RawDetails.IsEmpty ? e.RawDetails.ToArray() : null;
    }

    public void Passthrough(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> rawData)
    {
        // Only pings reach here (decoders drop undocumented names); nothing may precede message_start.
        if (IsTerminated || !_streaming || !_sameApi || !_started || !eventName.SequenceEqual("ping"u8))
        {
            return;
        }

        // Pings keep intermediaries from timing out while the upstream is silent.
        var json = _frames.Begin(_output, "ping"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "ping"u8);
        json.WriteEndObject();
        _frames.End(_output);
    }

    public void Complete()
    {
        if (IsTerminated)
        {
            return;
        }

        EnsureStarted();
        CloseOpenBlock();
        if (!_finishSeen || _stopReason is null)
        {
            _report.Add(RepairKind.StopReason);
            _stopReason = _sawToolUse ? "tool_use" : "end_turn";
        }
        else if (_sawToolUse && _stopReason == "end_turn")
        {
            _report.Add(RepairKind.StopReason);
            _stopReason = "tool_use";
        }

        var outputTokens = _usage.OutputTokens ?? JsonText.EstimateTokens(_contentBytes);
        _report.InputTokens = _usage.TotalInputTokens;
        _report.OutputTokens = outputTokens;
        _report.StopReason = _stopReason;
        IsTerminated = true;

        if (!_streaming)
        {
            WriteBody(outputTokens);
            return;
        }

        var json = _frames.Begin(_output, "message_delta"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "message_delta"u8);
        json.WriteStartObject("delta"u8);
        json.WriteString("stop_reason"u8, _stopReason);
        WriteNullable(json, "stop_sequence"u8, _stopSequence);
        if (_stopDetails is not null)
        {
            json.WritePropertyName("stop_details"u8);
            json.WriteRawValue(_stopDetails, skipInputValidation: true);
        }

        json.WriteEndObject();
        WriteUsage(json, outputTokens);
        json.WriteEndObject();
        _frames.End(_output);

        json = _frames.Begin(_output, "message_stop"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "message_stop"u8);
        json.WriteEndObject();
        _frames.End(_output);
    }

    public void Fail(in ErrorEvent e)
    {
        if (IsTerminated)
        {
            return;
        }

        IsTerminated = true;
        _report.Error = e.Message;
        _report.ErrorType = e.Type;
        if (!_streaming)
        {
            ApiError.WriteBody(WireApi.Messages, ApiError.StatusForType(e.Type), e.Message, _output, requestId: _requestId);
            return;
        }

        // Terminal: no block stop and no message_stop after an error (wire-protocols.md 1.3, 3.4 step 7).
        var json = _frames.Begin(_output, "error"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "error"u8);
        json.WriteStartObject("error"u8);
        json.WriteString("type"u8, e.Type);
        json.WriteString("message"u8, e.Message);
        json.WriteEndObject();
        json.WriteEndObject();
        _frames.End(_output);
    }

    public void Dispose()
    {
        _frames.Dispose();
        foreach (var block in _blocks)
        {
            block.Dispose();
        }

        _open?.Dispose();
    }

    private static BlockKind? KindOf(DeltaKind kind) => kind switch
    {
        DeltaKind.Text or DeltaKind.Refusal or DeltaKind.Citation => BlockKind.Text,
        DeltaKind.Reasoning or DeltaKind.Signature => BlockKind.Reasoning,
        DeltaKind.ToolArguments => BlockKind.ToolCall,
        DeltaKind.OpaqueRaw => BlockKind.Opaque,
        _ => null,
    };

    private static string ToAnthropic(StopReason reason, string? raw) => reason switch
    {
        StopReason.EndTurn => "end_turn",
        StopReason.MaxTokens => "max_tokens",
        StopReason.StopSequence => "stop_sequence",
        StopReason.ToolUse => "tool_use",
        StopReason.PauseTurn => "pause_turn",
        StopReason.Refusal or StopReason.ContentFilter => "refusal",
        StopReason.ContextWindowExceeded => "model_context_window_exceeded",
        _ => "end_turn",
    };

    private static bool IsUsableId(string? id, string? requiredPrefix) =>
        !string.IsNullOrWhiteSpace(id) && (requiredPrefix is null || id.StartsWith(requiredPrefix, StringComparison.Ordinal));

    private static void WriteNullable(Utf8JsonWriter json, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private string UniqueToolId(string? upstreamId)
    {
        // tool_result blocks refer to tool_use ids, so every id in one message must be distinct.
        if (IsUsableId(upstreamId, null) && _toolIds.Add(upstreamId!))
        {
            return upstreamId!;
        }

        if (upstreamId is not null)
        {
            _report.Add(RepairKind.BadItemId);
        }

        var id = IdGenerator.New("toolu_");
        _toolIds.Add(id);
        return id;
    }

    private void EnsureStarted()
    {
        if (!_started)
        {
            _report.Add(RepairKind.MissingStart);
            Start(new StartEvent(null, null, default));
        }
    }

    private void WriteMessageHead(Utf8JsonWriter json)
    {
        json.WriteString("id"u8, _messageId);
        json.WriteString("type"u8, "message"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("model"u8, _model);
    }

    private void EmitBlockStart()
    {
        var block = _open!;
        if (block.Emitted)
        {
            return;
        }

        block.Emitted = true;
        _openIndex = _nextIndex++;
        if (!_streaming)
        {
            return;
        }

        var json = _frames.Begin(_output, "content_block_start"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "content_block_start"u8);
        json.WriteNumber("index"u8, _openIndex);
        json.WritePropertyName("content_block"u8);
        WriteEmptyBlock(json, block);
        json.WriteEndObject();
        _frames.End(_output);
    }

    private static void WriteEmptyBlock(Utf8JsonWriter json, OutputBlock block)
    {
        switch (block.Kind)
        {
            case BlockKind.Opaque:
                json.WriteRawValue(block.RawStart!, skipInputValidation: true);
                return;
            case BlockKind.ToolCall:
                json.WriteStartObject();
                json.WriteString("type"u8, "tool_use"u8);
                json.WriteString("id"u8, block.Id);
                json.WriteString("name"u8, block.Name);
                json.WriteStartObject("input"u8);
                json.WriteEndObject();
                json.WriteEndObject();
                return;
            case BlockKind.Reasoning:
                json.WriteStartObject();
                json.WriteString("type"u8, "thinking"u8);
                json.WriteString("thinking"u8, ""u8);
                json.WriteString("signature"u8, ""u8);
                json.WriteEndObject();
                return;
            default:
                json.WriteStartObject();
                json.WriteString("type"u8, "text"u8);
                json.WriteString("text"u8, ""u8);
                if (block.HasCitations)
                {
                    json.WriteStartArray("citations"u8);
                    json.WriteEndArray();
                }

                json.WriteEndObject();
                return;
        }
    }

    private void WriteContentDelta(ReadOnlySpan<byte> escaped)
    {
        var block = _open!;
        if (!_streaming)
        {
            block.Content.Append(escaped);
            return;
        }

        // The hot path of every stream: written directly, the same bytes as BeginDelta/EndDelta would give.
        var frame = new FrameAppender(_output, escaped.Length + 128);
        frame.Append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":"u8);
        frame.Append(_openIndex);
        frame.Append(block.Kind == BlockKind.Reasoning
            ? ",\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\""u8
            : ",\"delta\":{\"type\":\"text_delta\",\"text\":\""u8);
        frame.Append(escaped);
        frame.Append("\"}}\n\n"u8);
        frame.Complete();
    }

    private void WriteOpaqueDelta(ReadOnlySpan<byte> rawDelta)
    {
        if (!_streaming)
        {
            // Body mode: server tool input arrives as input_json_delta fragments; keep them for the final block.
            var reader = new Utf8JsonReader(rawDelta);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("partial_json"u8))
                    {
                        var slice = JsonSlice.Read(ref reader);
                        _open!.Content.Append(slice.Raw(rawDelta));
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }

            return;
        }

        var json = _frames.Begin(_output, "content_block_delta"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "content_block_delta"u8);
        json.WriteNumber("index"u8, _openIndex);
        json.WritePropertyName("delta"u8);
        json.WriteRawValue(rawDelta, skipInputValidation: true);
        json.WriteEndObject();
        _frames.End(_output);
    }

    private Utf8JsonWriter BeginDelta()
    {
        var json = _frames.Begin(_output, "content_block_delta"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "content_block_delta"u8);
        json.WriteNumber("index"u8, _openIndex);
        json.WriteStartObject("delta"u8);
        return json;
    }

    private void EndDelta(Utf8JsonWriter json)
    {
        json.WriteEndObject();
        json.WriteEndObject();
        _frames.End(_output);
    }

    private void CloseOpenBlock()
    {
        var block = _open;
        if (block is null)
        {
            return;
        }

        _open = null;
        if (block.Kind == BlockKind.ToolCall && !block.Emitted)
        {
            block.Name ??= "unknown_tool";
            _open = block;
            EmitBlockStart();
            _open = null;
        }

        if (!block.Emitted)
        {
            if (block.Kind is BlockKind.Text or BlockKind.Reasoning)
            {
                _report.Add(RepairKind.EmptyBlock);
            }

            block.Dispose();
            return;
        }

        if (block.Kind == BlockKind.Reasoning && block.Signature is not null && _streaming)
        {
            var json = BeginDelta();
            json.WriteString("type"u8, "signature_delta"u8);
            JsonText.WriteEscapedString(json, "signature"u8, block.Signature);
            EndDelta(json);
        }

        if (block.Kind == BlockKind.ToolCall)
        {
            var args = ToolArgumentsRepair.Repair(block.Content.WrittenSpan, out var repaired);
            if (repaired)
            {
                _report.Add(RepairKind.InvalidToolInput);
            }

            block.Content.Clear();
            block.Content.Append(args);
            if (_streaming)
            {
                var json = BeginDelta();
                json.WriteString("type"u8, "input_json_delta"u8);
                JsonText.WriteEscapedString(json, "partial_json"u8, args);
                EndDelta(json);
            }
        }

        if (_streaming)
        {
            var json = _frames.Begin(_output, "content_block_stop"u8);
            json.WriteStartObject();
            json.WriteString("type"u8, "content_block_stop"u8);
            json.WriteNumber("index"u8, _openIndex);
            json.WriteEndObject();
            _frames.End(_output);
            block.Dispose();
        }
        else
        {
            _blocks.Add(block);
        }
    }

    private void WriteUsage(Utf8JsonWriter json, long outputTokens)
    {
        json.WriteStartObject("usage"u8);
        json.WriteNumber("input_tokens"u8, _usage.InputTokens ?? 0);
        json.WriteNumber("cache_creation_input_tokens"u8, _usage.CacheCreationInputTokens ?? 0);
        json.WriteNumber("cache_read_input_tokens"u8, _usage.CacheReadInputTokens ?? 0);
        json.WriteNumber("output_tokens"u8, outputTokens);
        if (_sameApi && _usage.ServerToolUse is { } serverToolUse)
        {
            json.WritePropertyName("server_tool_use"u8);
            json.WriteRawValue(serverToolUse, skipInputValidation: true);
        }

        json.WriteEndObject();
    }

    private void WriteBody(long outputTokens)
    {
        var json = _frames.BeginBody(_output);
        json.WriteStartObject();
        WriteMessageHead(json);
        json.WriteStartArray("content"u8);
        foreach (var block in _blocks)
        {
            WriteFinalBlock(json, block);
        }

        json.WriteEndArray();
        json.WriteString("stop_reason"u8, _stopReason);
        WriteNullable(json, "stop_sequence"u8, _stopSequence);
        if (_stopDetails is not null)
        {
            json.WritePropertyName("stop_details"u8);
            json.WriteRawValue(_stopDetails, skipInputValidation: true);
        }

        WriteUsage(json, outputTokens);
        json.WriteEndObject();
        _frames.EndBody();
    }

    private static void WriteFinalBlock(Utf8JsonWriter json, OutputBlock block)
    {
        switch (block.Kind)
        {
            case BlockKind.Opaque:
                WriteFinalOpaque(json, block);
                return;
            case BlockKind.ToolCall:
                json.WriteStartObject();
                json.WriteString("type"u8, "tool_use"u8);
                json.WriteString("id"u8, block.Id);
                json.WriteString("name"u8, block.Name);
                json.WritePropertyName("input"u8);
                json.WriteRawValue(JsonText.Unescape(block.Content.WrittenSpan), skipInputValidation: true);
                json.WriteEndObject();
                return;
            case BlockKind.Reasoning:
                json.WriteStartObject();
                json.WriteString("type"u8, "thinking"u8);
                JsonText.WriteEscapedString(json, "thinking"u8, block.Content.WrittenSpan);
                JsonText.WriteEscapedString(json, "signature"u8, block.Signature ?? []);
                json.WriteEndObject();
                return;
            default:
                json.WriteStartObject();
                json.WriteString("type"u8, "text"u8);
                JsonText.WriteEscapedString(json, "text"u8, block.Content.WrittenSpan);
                if (block.Citations.Count > 0 || block.HasCitations)
                {
                    json.WriteStartArray("citations"u8);
                    foreach (var citation in block.Citations)
                    {
                        json.WriteRawValue(citation, skipInputValidation: true);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
                return;
        }
    }

    private static void WriteFinalOpaque(Utf8JsonWriter json, OutputBlock block)
    {
        var raw = block.RawStart!;
        if (block.Content.WrittenCount == 0)
        {
            json.WriteRawValue(raw, skipInputValidation: true);
            return;
        }

        // A server tool's input arrived in deltas: the final block carries it parsed.
        var input = ToolArgumentsRepair.Repair(block.Content.WrittenSpan, out _);
        json.WriteStartObject();
        JsonObjectCopier.CopyProperties(json, raw, static name => name.SequenceEqual("input"u8));
        json.WritePropertyName("input"u8);
        json.WriteRawValue(JsonText.Unescape(input), skipInputValidation: true);
        json.WriteEndObject();
    }
}
