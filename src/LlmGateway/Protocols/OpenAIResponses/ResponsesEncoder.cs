using System.Buffers;
using System.Text.Json;
using LlmGateway.Protocols.Json;
using LlmGateway.Protocols.Neutral;
using LlmGateway.Protocols.Sse;

namespace LlmGateway.Protocols.OpenAIResponses;

/// <summary>
/// Encodes neutral events as a strict OpenAI Responses stream: <c>response.created</c> and
/// <c>response.in_progress</c> first, every item opened by <c>output_item.added</c> and closed by its <c>.done</c>
/// events, one id per item, dense <c>output_index</c>, <c>sequence_number</c> 0,1,2…, <c>logprobs: []</c>, and one
/// terminal event carrying the full <c>output</c> and integer <c>usage</c> (wire-protocols.md 2.3, 2.4 and 6).
/// In body mode it writes the terminal Response object instead.
/// </summary>
public sealed class ResponsesEncoder : IResponseEventSink, IDisposable
{
    private static readonly PropertyFilter SkipSequence = static name => name.SequenceEqual("type"u8) || name.SequenceEqual("sequence_number"u8);
    private static readonly PropertyFilter SkipItemIndexing = static name =>
        name.SequenceEqual("type"u8) || name.SequenceEqual("sequence_number"u8) || name.SequenceEqual("output_index"u8) || name.SequenceEqual("item_id"u8);

    private readonly bool _streaming;
    private readonly bool _sameApi;
    private readonly bool _doneSentinel;
    private readonly bool _reasoningAsText;
    private readonly byte[]? _echo;
    private readonly string _model;
    private readonly TimeProvider _time;
    private readonly NormalizationReport _report;
    private readonly SseFrameWriter _frames = new();
    private readonly UsageTotals _usage = new();
    private readonly List<OutputBlock> _items = [];
    private readonly HashSet<string> _usedIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedCallIds = new(StringComparer.Ordinal);
    private IBufferWriter<byte> _output = new ArrayBufferWriter<byte>(1);

    private bool _started;
    private string _responseId = string.Empty;
    private long _createdAt;
    private ResponseSkeleton _skeleton = ResponseSkeleton.Empty;
    private readonly EncodedString _openItemId = new();
    private long _sequence;
    private OutputBlock? _open;
    private int _openOutputIndex;
    private int _summaryIndex;
    private bool _summaryPartOpen;
    private int _contentIndex;
    private bool _textPartOpen;
    private long _contentBytes;
    private StopReason _stopReason;

    public ResponsesEncoder(NormalizerOptions options, NormalizationReport report)
    {
        ArgumentNullException.ThrowIfNull(options);
        _streaming = options.ClientStreams;
        _sameApi = options.UpstreamApi == WireApi.Responses;
        _doneSentinel = options.ResponsesDoneSentinel;
        _reasoningAsText = options.ReasoningAsText;
        _echo = options.ResponsesEcho;
        _model = options.RequestedModel;
        _time = options.TimeProvider;
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

        _started = true;
        // Another API's id (chatcmpl-…, msg_…) is not a response id; a Responses upstream's is kept whatever its form.
        _responseId = !string.IsNullOrWhiteSpace(e.Id) && (_sameApi || e.Id.StartsWith("resp_", StringComparison.Ordinal)) ? e.Id : IdGenerator.New("resp_");
        _createdAt = e.CreatedAt ?? _time.GetUtcNow().ToUnixTimeSeconds();
        // Echoed request fields: the upstream's own skeleton when it speaks Responses, else the client's request.
        _skeleton = ResponseSkeleton.Read(_sameApi && !e.RawSkeleton.IsEmpty ? e.RawSkeleton : _echo);
        if (!_streaming)
        {
            return;
        }

        WriteLifecycle("response.created"u8, "in_progress"u8);
        WriteLifecycle("response.in_progress"u8, "in_progress"u8);
    }

    public void BlockStart(in BlockStartEvent e)
    {
        if (IsTerminated)
        {
            return;
        }

        EnsureStarted();
        CloseOpen(default);
        if (e.Kind == BlockKind.Opaque && !_sameApi)
        {
            return;
        }

        var block = new OutputBlock(e.Kind) { Name = e.Name, HasCitations = e.HasCitations };
        block.Id = UniqueId(e.Id, e.Kind);
        if (e.Kind == BlockKind.ToolCall)
        {
            block.CallId = UniqueCallId(e.CallId);
            block.Name = string.IsNullOrEmpty(e.Name) ? null : e.Name;
        }
        else if (e.Kind == BlockKind.Opaque)
        {
            block.RawStart = e.Raw.ToArray();
        }

        _open = block;

        // Message items open at their first content; a function call whose name is not known yet opens at its end.
        if (e.Kind is BlockKind.Reasoning or BlockKind.Opaque || (e.Kind == BlockKind.ToolCall && block.Name is not null))
        {
            EmitItemAdded();
        }
    }

    public void Delta(in DeltaEvent e)
    {
        if (IsTerminated)
        {
            return;
        }

        EnsureStarted();
        if (e.Kind is DeltaKind.Citation or DeltaKind.OpaqueRaw && !_sameApi)
        {
            return;
        }

        var kind = e.Kind switch
        {
            DeltaKind.Text or DeltaKind.Citation or DeltaKind.TextPartBreak => BlockKind.Text,
            DeltaKind.Refusal => BlockKind.Refusal,
            DeltaKind.Reasoning or DeltaKind.Signature or DeltaKind.ReasoningPartBreak => BlockKind.Reasoning,
            DeltaKind.ToolArguments => BlockKind.ToolCall,
            _ => BlockKind.Opaque,
        };

        if (kind == BlockKind.Opaque)
        {
            if (_open is { Kind: BlockKind.Opaque })
            {
                WriteReindexedEvent(e.Value);
            }
            else
            {
                _report.Add(RepairKind.DroppedEvent);
            }

            return;
        }

        if (_open is null || _open.Kind != kind)
        {
            if (e.Kind is DeltaKind.ReasoningPartBreak or DeltaKind.Signature or DeltaKind.TextPartBreak)
            {
                return; // nothing to break or sign
            }

            BlockStart(new BlockStartEvent { Kind = kind });
        }

        var block = _open!;
        switch (e.Kind)
        {
            case DeltaKind.Text or DeltaKind.Refusal:
                if (e.Value.IsEmpty)
                {
                    return;
                }

                EmitItemAdded();
                OpenTextPart();
                block.Content.Append(e.Value);
                _contentBytes += e.Value.Length;
                if (_streaming)
                {
                    var text = kind == BlockKind.Text;
                    WriteItemDelta(text ? "response.output_text.delta"u8 : "response.refusal.delta"u8, "content_index"u8, _contentIndex, e.Value, logprobs: text);
                }

                break;
            case DeltaKind.TextPartBreak:
                if (block.Emitted)
                {
                    CloseTextPart();
                }

                break;
            case DeltaKind.Citation:
                EmitItemAdded();
                OpenTextPart();
                block.Citations.Add(e.Value.ToArray());
                if (_streaming)
                {
                    var json = BeginItemEvent("response.output_text.annotation.added"u8, _contentIndex);
                    json.WriteNumber("annotation_index"u8, block.Citations.Count - 1);
                    json.WritePropertyName("annotation"u8);
                    json.WriteRawValue(e.Value, skipInputValidation: true);
                    EndEvent(json);
                }

                break;
            case DeltaKind.Reasoning:
                if (e.Value.IsEmpty)
                {
                    return;
                }

                OpenSummaryPart();
                block.Content.Append(e.Value);
                _contentBytes += e.Value.Length;
                if (_streaming)
                {
                    WriteItemDelta(
                        _reasoningAsText ? "response.reasoning_text.delta"u8 : "response.reasoning_summary_text.delta"u8,
                        _reasoningAsText ? "content_index"u8 : "summary_index"u8,
                        _summaryIndex,
                        e.Value,
                        logprobs: false);
                }

                break;
            case DeltaKind.ReasoningPartBreak:
                CloseSummaryPart();
                break;
            case DeltaKind.Signature:
                if (_sameApi)
                {
                    block.Signature = e.Value.ToArray();
                }

                break;
            case DeltaKind.ToolArguments:
                // Buffered: one validated arguments string at the item's end (wire-protocols.md 3.5 step 4).
                block.Content.Append(e.Value);
                _contentBytes += e.Value.Length;
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

        CloseOpen(e.RawFinal);
    }

    public void Usage(in UsageEvent e) => _usage.Merge(e);

    public void Finish(in FinishEvent e) => _stopReason = e.Reason;

    public void Passthrough(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> rawData)
    {
        if (IsTerminated || !_sameApi || !_streaming)
        {
            return;
        }

        EnsureStarted();
        WriteReindexedEvent(rawData);
    }

    public void Complete()
    {
        if (IsTerminated)
        {
            return;
        }

        EnsureStarted();
        CloseOpen(default);
        IsTerminated = true;
        var status = _stopReason is StopReason.MaxTokens or StopReason.ContentFilter ? "incomplete" : "completed";
        _report.StopReason = status;
        var incompleteReason = _stopReason switch
        {
            StopReason.MaxTokens => "max_output_tokens",
            StopReason.ContentFilter => "content_filter",
            _ => null,
        };

        if (!_streaming)
        {
            var body = _frames.BeginBody(_output);
            WriteResponse(body, status, incompleteReason, error: null);
            _frames.EndBody();
            return;
        }

        var json = BeginEvent(status == "completed" ? "response.completed"u8 : "response.incomplete"u8);
        json.WritePropertyName("response"u8);
        WriteResponse(json, status, incompleteReason, error: null);
        EndEvent(json);
        WriteDoneSentinel();
    }

    public void Fail(in ErrorEvent e)
    {
        if (IsTerminated)
        {
            return;
        }

        _report.Error = e.Message;
        _report.ErrorType = e.Type;
        if (!_streaming)
        {
            IsTerminated = true;
            ApiError.WriteBody(WireApi.Responses, ApiError.StatusForType(e.Type), e.Message, _output, e.Code ?? "server_error");
            return;
        }

        EnsureStarted();
        CloseOpen(default);
        IsTerminated = true;
        _report.StopReason = "failed";
        var code = e.Code ?? (e.Type == "rate_limit_error" ? "rate_limit_exceeded" : "server_error");

        // Both the flat and the nested error shapes: clients read one or the other (wire-protocols.md 2.5).
        var json = BeginEvent("error"u8);
        json.WriteString("code"u8, code);
        json.WriteString("message"u8, e.Message);
        json.WriteNull("param"u8);
        json.WriteStartObject("error"u8);
        json.WriteString("type"u8, e.Type);
        json.WriteString("code"u8, code);
        json.WriteString("message"u8, e.Message);
        json.WriteNull("param"u8);
        json.WriteEndObject();
        EndEvent(json);

        json = BeginEvent("response.failed"u8);
        json.WritePropertyName("response"u8);
        WriteResponse(json, "failed", null, new ErrorEvent(e.Type, e.Message, code));
        EndEvent(json);
        WriteDoneSentinel();
    }

    public void Dispose()
    {
        _frames.Dispose();
        foreach (var item in _items)
        {
            item.Dispose();
        }

        _open?.Dispose();
    }

    private void EnsureStarted()
    {
        if (!_started)
        {
            _report.Add(RepairKind.MissingStart);
            Start(new StartEvent(null, null, default));
        }
    }

    private string UniqueId(string? upstreamId, BlockKind kind)
    {
        // Upstream ids are kept when they are usable: present, not the response id, not already taken.
        if (!string.IsNullOrWhiteSpace(upstreamId) && upstreamId != _responseId
            && !upstreamId.StartsWith("resp_", StringComparison.Ordinal) && _usedIds.Add(upstreamId))
        {
            return upstreamId;
        }

        if (upstreamId is not null)
        {
            _report.Add(RepairKind.BadItemId);
        }

        var id = IdGenerator.New(kind switch
        {
            BlockKind.Reasoning => "rs_",
            BlockKind.ToolCall => "fc_",
            BlockKind.Opaque => "item_",
            _ => "msg_",
        });
        _usedIds.Add(id);
        return id;
    }

    private string UniqueCallId(string? upstreamCallId)
    {
        // function_call_output items answer by call_id, so every call_id in one response must be distinct.
        if (!string.IsNullOrWhiteSpace(upstreamCallId) && _usedCallIds.Add(upstreamCallId))
        {
            return upstreamCallId;
        }

        if (upstreamCallId is not null)
        {
            _report.Add(RepairKind.BadItemId);
        }

        var id = IdGenerator.New("call_");
        _usedCallIds.Add(id);
        return id;
    }

    private void EmitItemAdded()
    {
        var block = _open!;
        if (block.Emitted)
        {
            return;
        }

        block.Emitted = true;
        _openOutputIndex = _items.Count;
        _summaryIndex = 0;
        _summaryPartOpen = false;
        _contentIndex = 0;
        _textPartOpen = false;
        if (!_streaming)
        {
            return;
        }

        var json = BeginEvent("response.output_item.added"u8);
        json.WriteNumber("output_index"u8, _openOutputIndex);
        json.WritePropertyName("item"u8);
        WriteItem(json, block, completed: false);
        EndEvent(json);

    }

    private void OpenTextPart()
    {
        if (_textPartOpen)
        {
            return;
        }

        _textPartOpen = true;
        if (!_streaming)
        {
            return;
        }

        var json = BeginItemEvent("response.content_part.added"u8, _contentIndex);
        json.WritePropertyName("part"u8);
        WritePart(json, _open!.Kind, default, []);
        EndEvent(json);
    }

    private void CloseTextPart()
    {
        if (!_textPartOpen)
        {
            return;
        }

        var block = _open!;
        _textPartOpen = false;
        if (_streaming)
        {
            var json = BeginItemEvent(block.Kind == BlockKind.Text ? "response.output_text.done"u8 : "response.refusal.done"u8, _contentIndex);
            JsonText.WriteEscapedString(json, block.Kind == BlockKind.Text ? "text"u8 : "refusal"u8, block.Content.WrittenSpan);
            if (block.Kind == BlockKind.Text)
            {
                json.WriteStartArray("logprobs"u8);
                json.WriteEndArray();
            }

            EndEvent(json);

            json = BeginItemEvent("response.content_part.done"u8, _contentIndex);
            json.WritePropertyName("part"u8);
            WritePart(json, block.Kind, block.Content.WrittenSpan, block.Citations);
            EndEvent(json);
        }

        block.ClosedParts.Add(new ClosedPart(block.Content.ToArray(), [.. block.Citations]));
        block.Content.Clear();
        block.Citations.Clear();
        _contentIndex++;
    }

    /// <summary>Opens a reasoning part: a summary part by default, a raw <c>reasoning_text</c> content part when configured.</summary>
    private void OpenSummaryPart()
    {
        if (_summaryPartOpen)
        {
            return;
        }

        _summaryPartOpen = true;
        if (!_streaming)
        {
            return;
        }

        var json = _reasoningAsText
            ? BeginItemEvent("response.content_part.added"u8, _summaryIndex)
            : BeginItemEvent("response.reasoning_summary_part.added"u8, contentIndex: null);
        if (!_reasoningAsText)
        {
            json.WriteNumber("summary_index"u8, _summaryIndex);
        }

        WriteReasoningPart(json, default);
        EndEvent(json);
    }

    private void CloseSummaryPart()
    {
        if (!_summaryPartOpen)
        {
            return;
        }

        var block = _open!;
        _summaryPartOpen = false;
        if (_streaming)
        {
            var json = _reasoningAsText
                ? BeginItemEvent("response.reasoning_text.done"u8, _summaryIndex)
                : BeginItemEvent("response.reasoning_summary_text.done"u8, contentIndex: null);
            if (!_reasoningAsText)
            {
                json.WriteNumber("summary_index"u8, _summaryIndex);
            }

            JsonText.WriteEscapedString(json, "text"u8, block.Content.WrittenSpan);
            EndEvent(json);

            json = _reasoningAsText
                ? BeginItemEvent("response.content_part.done"u8, _summaryIndex)
                : BeginItemEvent("response.reasoning_summary_part.done"u8, contentIndex: null);
            if (!_reasoningAsText)
            {
                json.WriteNumber("summary_index"u8, _summaryIndex);
            }

            WriteReasoningPart(json, block.Content.WrittenSpan);
            EndEvent(json);
        }

        block.ClosedParts.Add(new ClosedPart(block.Content.ToArray(), []));
        block.Content.Clear();
        _summaryIndex++;
    }

    private void WriteReasoningPart(Utf8JsonWriter json, ReadOnlySpan<byte> text)
    {
        json.WriteStartObject("part"u8);
        json.WriteString("type"u8, _reasoningAsText ? "reasoning_text"u8 : "summary_text"u8);
        JsonText.WriteEscapedString(json, "text"u8, text);
        json.WriteEndObject();
    }

    private void CloseOpen(ReadOnlySpan<byte> rawFinal)
    {
        var block = _open;
        if (block is null)
        {
            return;
        }

        if (block.Kind == BlockKind.ToolCall && !block.Emitted)
        {
            block.Name ??= "unknown_tool";
            EmitItemAdded();
        }

        _open = null;
        if (!block.Emitted)
        {
            if (block.Kind is BlockKind.Text or BlockKind.Refusal)
            {
                _report.Add(RepairKind.EmptyBlock);
            }

            block.Dispose();
            return;
        }

        _open = block; // item events below address the open item
        switch (block.Kind)
        {
            case BlockKind.Text or BlockKind.Refusal:
                CloseTextPart();
                break;
            case BlockKind.Reasoning:
                CloseSummaryPart();
                break;
            case BlockKind.ToolCall:
                var args = ToolArgumentsRepair.Repair(block.Content.WrittenSpan, out var repaired);
                if (repaired)
                {
                    _report.Add(RepairKind.InvalidToolInput);
                }

                block.Content.Clear();
                block.Content.Append(args);
                if (_streaming)
                {
                    var json = BeginItemEvent("response.function_call_arguments.delta"u8, contentIndex: null);
                    JsonText.WriteEscapedString(json, "delta"u8, args);
                    EndEvent(json);

                    json = BeginItemEvent("response.function_call_arguments.done"u8, contentIndex: null);
                    JsonText.WriteEscapedString(json, "arguments"u8, args);
                    EndEvent(json);
                }

                break;
            case BlockKind.Opaque:
                if (!rawFinal.IsEmpty)
                {
                    block.RawFinal = rawFinal.ToArray();
                }

                break;
        }

        if (_streaming)
        {
            var json = BeginEvent("response.output_item.done"u8);
            json.WriteNumber("output_index"u8, _openOutputIndex);
            json.WritePropertyName("item"u8);
            WriteItem(json, block, completed: true);
            EndEvent(json);
        }

        _open = null;
        _items.Add(block);
    }

    private static void WriteReasoningParts(Utf8JsonWriter json, OutputBlock block, ReadOnlySpan<byte> partType)
    {
        foreach (var part in block.ClosedParts)
        {
            json.WriteStartObject();
            json.WriteString("type"u8, partType);
            JsonText.WriteEscapedString(json, "text"u8, part.Text);
            json.WriteEndObject();
        }
    }

    private void WriteItem(Utf8JsonWriter json, OutputBlock block, bool completed)
    {
        var reasoningAsText = _reasoningAsText;
        switch (block.Kind)
        {
            case BlockKind.Text or BlockKind.Refusal:
                json.WriteStartObject();
                json.WriteString("id"u8, block.Id);
                json.WriteString("type"u8, "message"u8);
                json.WriteString("status"u8, completed ? "completed"u8 : "in_progress"u8);
                json.WriteString("role"u8, "assistant"u8);
                json.WriteStartArray("content"u8);
                if (completed)
                {
                    foreach (var part in block.ClosedParts)
                    {
                        WritePart(json, block.Kind, part.Text, part.Annotations);
                    }
                }

                json.WriteEndArray();
                json.WriteEndObject();
                return;
            case BlockKind.Reasoning:
                json.WriteStartObject();
                json.WriteString("id"u8, block.Id);
                json.WriteString("type"u8, "reasoning"u8);
                // Reasoning goes in summary parts (rendered by the AI SDK and Codex) unless raw text was asked for.
                json.WriteStartArray("summary"u8);
                if (completed && !reasoningAsText)
                {
                    WriteReasoningParts(json, block, "summary_text"u8);
                }

                json.WriteEndArray();
                if (reasoningAsText)
                {
                    json.WriteStartArray("content"u8);
                    if (completed)
                    {
                        WriteReasoningParts(json, block, "reasoning_text"u8);
                    }

                    json.WriteEndArray();
                }
                if (completed && block.Signature is not null)
                {
                    JsonText.WriteEscapedString(json, "encrypted_content"u8, block.Signature);
                }

                json.WriteEndObject();
                return;
            case BlockKind.ToolCall:
                json.WriteStartObject();
                json.WriteString("id"u8, block.Id);
                json.WriteString("type"u8, "function_call"u8);
                json.WriteString("status"u8, completed ? "completed"u8 : "in_progress"u8);
                json.WriteString("call_id"u8, block.CallId);
                json.WriteString("name"u8, block.Name);
                if (completed)
                {
                    JsonText.WriteEscapedString(json, "arguments"u8, block.Content.WrittenSpan);
                }
                else
                {
                    json.WriteString("arguments"u8, ""u8);
                }

                json.WriteEndObject();
                return;
            default:
                WriteWithId(json, completed && block.RawFinal is not null ? block.RawFinal : block.RawStart!, block.Id);
                return;
        }
    }

    private static void WritePart(Utf8JsonWriter json, BlockKind kind, ReadOnlySpan<byte> text, IReadOnlyList<byte[]> annotations)
    {
        json.WriteStartObject();
        if (kind == BlockKind.Refusal)
        {
            json.WriteString("type"u8, "refusal"u8);
            JsonText.WriteEscapedString(json, "refusal"u8, text);
            json.WriteEndObject();
            return;
        }

        json.WriteString("type"u8, "output_text"u8);
        JsonText.WriteEscapedString(json, "text"u8, text);
        json.WriteStartArray("annotations"u8);
        foreach (var annotation in annotations)
        {
            json.WriteRawValue(annotation, skipInputValidation: true);
        }

        json.WriteEndArray();
        json.WriteStartArray("logprobs"u8);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Writes a raw item object with its <c>id</c> replaced by the encoder's.</summary>
    private static void WriteWithId(Utf8JsonWriter json, ReadOnlySpan<byte> raw, string id)
    {
        json.WriteStartObject();
        json.WriteString("id"u8, id);
        JsonObjectCopier.CopyProperties(json, raw, static name => name.SequenceEqual("id"u8));
        json.WriteEndObject();
    }

    /// <summary>Re-emits an upstream event of this API with the encoder's sequence number, output index and item id.</summary>
    private void WriteReindexedEvent(ReadOnlySpan<byte> raw)
    {
        if (!_streaming)
        {
            return;
        }

        JsonSlice type = default;
        var reader = new Utf8JsonReader(raw);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                type = JsonSlice.Read(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!type.IsString)
        {
            return;
        }

        var name = type.Raw(raw);
        var json = _frames.Begin(_output, name);
        json.WriteStartObject();
        json.WritePropertyName("type"u8);
        json.WriteRawValue(type.RawValue(raw), skipInputValidation: true);
        json.WriteNumber("sequence_number"u8, _sequence++);
        var inItem = _open is { Emitted: true };
        if (inItem)
        {
            json.WriteNumber("output_index"u8, _openOutputIndex);
            json.WriteString("item_id"u8, _open!.Id);
        }

        JsonObjectCopier.CopyProperties(json, raw, inItem ? SkipItemIndexing : SkipSequence);
        json.WriteEndObject();
        _frames.End(_output);
    }

    private void WriteLifecycle(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> status)
    {
        var json = BeginEvent(eventName);
        json.WritePropertyName("response"u8);
        WriteResponseHead(json, status);
        json.WriteStartArray("output"u8);
        json.WriteEndArray();
        json.WriteNull("usage"u8);
        json.WriteNull("error"u8);
        json.WriteNull("incomplete_details"u8);
        _skeleton.WriteTo(json);
        json.WriteEndObject();
        EndEvent(json);
    }

    private void WriteResponse(Utf8JsonWriter json, string status, string? incompleteReason, ErrorEvent? error)
    {
        WriteResponseHead(json, System.Text.Encoding.UTF8.GetBytes(status));
        json.WriteStartArray("output"u8);
        foreach (var item in _items)
        {
            WriteItem(json, item, completed: true);
        }

        json.WriteEndArray();

        var output = _usage.OutputTokens ?? JsonText.EstimateTokens(_contentBytes);
        var input = _usage.TotalInputTokens;
        _report.InputTokens = input;
        _report.OutputTokens = output;
        json.WriteStartObject("usage"u8);
        json.WriteNumber("input_tokens"u8, input);
        json.WriteStartObject("input_tokens_details"u8);
        json.WriteNumber("cached_tokens"u8, _usage.CacheReadInputTokens ?? 0);
        json.WriteEndObject();
        json.WriteNumber("output_tokens"u8, output);
        json.WriteStartObject("output_tokens_details"u8);
        json.WriteNumber("reasoning_tokens"u8, _usage.ReasoningTokens ?? 0);
        json.WriteEndObject();
        json.WriteNumber("total_tokens"u8, input + output);
        json.WriteEndObject();

        if (error is { } e)
        {
            json.WriteStartObject("error"u8);
            json.WriteString("code"u8, e.Code);
            json.WriteString("message"u8, e.Message);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("error"u8);
        }

        if (incompleteReason is not null)
        {
            json.WriteStartObject("incomplete_details"u8);
            json.WriteString("reason"u8, incompleteReason);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("incomplete_details"u8);
        }

        _skeleton.WriteTo(json);
        json.WriteEndObject();
    }

    private void WriteResponseHead(Utf8JsonWriter json, ReadOnlySpan<byte> status)
    {
        json.WriteStartObject();
        json.WriteString("id"u8, _responseId);
        json.WriteString("object"u8, "response"u8);
        json.WriteNumber("created_at"u8, _createdAt);
        json.WriteString("status"u8, status);
        json.WriteString("model"u8, _model);
    }

    private Utf8JsonWriter BeginEvent(ReadOnlySpan<byte> type)
    {
        var json = _frames.Begin(_output, type);
        json.WriteStartObject();
        json.WriteString("type"u8, type);
        json.WriteNumber("sequence_number"u8, _sequence++);
        return json;
    }

    private Utf8JsonWriter BeginItemEvent(ReadOnlySpan<byte> type, int? contentIndex)
    {
        var json = BeginEvent(type);
        json.WriteString("item_id"u8, _open!.Id);
        json.WriteNumber("output_index"u8, _openOutputIndex);
        if (contentIndex is { } index)
        {
            json.WriteNumber("content_index"u8, index);
        }

        return json;
    }

    /// <summary>
    /// A text, refusal or reasoning delta of the open item, written directly: the hot path of every stream, the same
    /// bytes as <see cref="BeginItemEvent"/> with one more index and the escaped delta would give.
    /// </summary>
    private void WriteItemDelta(ReadOnlySpan<byte> type, ReadOnlySpan<byte> indexName, int index, ReadOnlySpan<byte> escaped, bool logprobs)
    {
        var frame = new FrameAppender(_output, escaped.Length + 256);
        frame.Append("event: "u8);
        frame.Append(type);
        frame.Append("\ndata: {\"type\":\""u8);
        frame.Append(type);
        frame.Append("\",\"sequence_number\":"u8);
        frame.Append(_sequence++);
        frame.Append(",\"item_id\":\""u8);
        frame.Append(_openItemId.Get(_open!.Id));
        frame.Append("\",\"output_index\":"u8);
        frame.Append(_openOutputIndex);
        frame.Append(",\""u8);
        frame.Append(indexName);
        frame.Append("\":"u8);
        frame.Append(index);
        frame.Append(",\"delta\":\""u8);
        frame.Append(escaped);
        frame.Append(logprobs ? "\",\"logprobs\":[]}\n\n"u8 : "\"}\n\n"u8);
        frame.Complete();
    }

    private void EndEvent(Utf8JsonWriter json)
    {
        json.WriteEndObject();
        _frames.End(_output);
    }

    private void WriteDoneSentinel()
    {
        if (_doneSentinel)
        {
            _output.Write("data: [DONE]\n\n"u8);
        }
    }
}
