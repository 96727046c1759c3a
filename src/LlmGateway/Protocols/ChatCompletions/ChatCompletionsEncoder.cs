using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using LlmGateway.Protocols.Json;
using LlmGateway.Protocols.Neutral;
using LlmGateway.Protocols.Sse;

namespace LlmGateway.Protocols.ChatCompletions;

/// <summary>
/// Encodes neutral events as a clean Chat Completions stream (wire-protocols.md 3.1): data-only frames
/// <c>data: {json}\n\n</c>, one <c>chatcmpl-</c> id and one <c>created</c> on every chunk, the requested model, a first
/// chunk with <c>delta: {role: "assistant", content: ""}</c>, tool-call fragments keyed by <c>index</c> 0,1,2… whose
/// first fragment carries <c>id</c>, <c>type</c> and <c>function.name</c>, exactly one chunk with a non-null
/// <c>finish_reason</c>, a usage chunk with <c>choices: []</c> only when <see cref="NormalizerOptions.IncludeUsage"/>,
/// then <c>data: [DONE]</c>; or a <c>data: {"error": …}</c> chunk and no <c>[DONE]</c>. In body mode it writes a
/// <c>chat.completion</c> object instead.
/// </summary>
/// <remarks>
/// Chat has no place for another API's opaque blocks (server tools and their results, redacted thinking, hosted-tool
/// items), citations or reasoning signatures: they are dropped. Only the text around them reaches the client.
/// </remarks>
public sealed class ChatCompletionsEncoder : IResponseEventSink, IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly bool _streaming;
    private readonly bool _includeUsage;
    private readonly string _model;
    private readonly EncodedString _encodedId = new();
    private readonly EncodedString _encodedModel = new();
    private readonly TimeProvider _time;
    private readonly NormalizationReport _report;
    private readonly Utf8JsonWriter _json = new(new ArrayBufferWriter<byte>(1), WriterOptions);
    private readonly UsageTotals _usage = new();
    private readonly HashSet<string> _toolIds = new(StringComparer.Ordinal);

    // Body mode: the message as it accumulates.
    private readonly PooledBufferWriter _text = new(0);
    private readonly PooledBufferWriter _reasoning = new(0);
    private readonly PooledBufferWriter _refusal = new(0);
    private readonly List<OutputBlock> _toolCalls = [];
    private IBufferWriter<byte> _output = new ArrayBufferWriter<byte>(1);

    private bool _started;
    private string _id = string.Empty;
    private long _createdAt;
    private BlockKind? _openKind;
    private OutputBlock? _tool;
    private int _toolCount;
    private bool _toolAnnounced;
    private bool _reasoningWritten;
    private long _contentBytes;
    private StopReason _stopReason;
    private bool _finishSeen;

    public ChatCompletionsEncoder(NormalizerOptions options, NormalizationReport report)
    {
        ArgumentNullException.ThrowIfNull(options);
        _streaming = options.ClientStreams;
        _includeUsage = options.IncludeUsage;
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

        // Always the gateway's own id: every chunk must carry the same one, whatever the upstream sent.
        _id = IdGenerator.New("chatcmpl-");
        _createdAt = e.CreatedAt ?? _time.GetUtcNow().ToUnixTimeSeconds();
        if (!_streaming)
        {
            return;
        }

        var json = BeginDeltaChunk();
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("content"u8, ""u8);
        EndDeltaChunk(null);
    }

    public void BlockStart(in BlockStartEvent e)
    {
        if (IsTerminated)
        {
            return;
        }

        EnsureStarted();
        CloseOpen();
        _openKind = e.Kind;
        if (e.Kind == BlockKind.ToolCall)
        {
            OpenTool(e.CallId ?? e.Id, e.Name);
        }
    }

    public void Delta(in DeltaEvent e)
    {
        if (IsTerminated)
        {
            return;
        }

        EnsureStarted();
        switch (e.Kind)
        {
            case DeltaKind.Text:
                WriteContent(BlockKind.Text, e.Value);
                break;
            case DeltaKind.Reasoning:
                WriteContent(BlockKind.Reasoning, e.Value);
                break;
            case DeltaKind.Refusal:
                WriteContent(BlockKind.Refusal, e.Value);
                break;
            case DeltaKind.ReasoningPartBreak:
                if (_openKind == BlockKind.Reasoning && _reasoningWritten)
                {
                    // Summary parts have no chat form; keep them apart as paragraphs.
                    WriteContent(BlockKind.Reasoning, "\\n\\n"u8);
                    _reasoningWritten = false;
                }

                break;
            case DeltaKind.ToolArguments:
                if (_tool is null)
                {
                    CloseOpen();
                    _openKind = BlockKind.ToolCall;
                    OpenTool(null, null);
                }

                // Buffered: only the repaired whole string is sent, at the block's end (wire-protocols.md 3.4 step 4).
                _tool!.Content.Append(e.Value);
                _contentBytes += e.Value.Length;
                break;

            // Signature: a verification blob of another API, meaningless to a chat client. Citation, OpaqueRaw:
            // dropped with their blocks (see remarks). TextPartBreak: chat content has no parts; the text continues.
            default:
                break;
        }
    }

    public void BlockEnd(in BlockEndEvent e)
    {
        if (IsTerminated)
        {
            return;
        }

        if (_tool is { Name: null } && !string.IsNullOrEmpty(e.Name))
        {
            _tool.Name = e.Name;
        }

        CloseOpen();
    }

    public void Usage(in UsageEvent e) => _usage.Merge(e);

    public void Finish(in FinishEvent e)
    {
        _finishSeen = true;
        _stopReason = e.Reason;
    }

    public void Passthrough(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> rawData)
    {
        // Events of another API (pings, undocumented Responses events) have no chat form.
    }

    public void Complete()
    {
        if (IsTerminated)
        {
            return;
        }

        EnsureStarted();
        CloseOpen();
        IsTerminated = true;
        if (!_finishSeen || (_toolCount > 0 && _stopReason is StopReason.EndTurn or StopReason.Unknown or StopReason.Other))
        {
            // No stop reason at all, or one that contradicts the tool calls: tool_calls is what the client must see.
            _report.Add(RepairKind.StopReason);
        }

        var finishReason = _toolCount > 0 ? "tool_calls" : _stopReason switch
        {
            StopReason.MaxTokens or StopReason.ContextWindowExceeded => "length",
            StopReason.ContentFilter or StopReason.Refusal => "content_filter",
            _ => "stop",
        };
        var outputTokens = _usage.OutputTokens ?? JsonText.EstimateTokens(_contentBytes);
        _report.InputTokens = _usage.TotalInputTokens;
        _report.OutputTokens = outputTokens;
        _report.StopReason = finishReason;

        if (!_streaming)
        {
            WriteBody(finishReason, outputTokens);
            return;
        }

        var json = BeginDeltaChunk();
        EndDeltaChunk(finishReason);
        if (_includeUsage)
        {
            // OpenAI's shape for stream_options.include_usage: one extra chunk with no choices.
            json = BeginChunk();
            json.WriteStartArray("choices"u8);
            json.WriteEndArray();
            WriteUsage(json, outputTokens);
            EndChunk();
        }

        _output.Write("data: [DONE]\n\n"u8);
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
        var status = ApiError.StatusForType(e.Type);
        var code = e.Code ?? (e.Type == "rate_limit_error" ? "rate_limit_exceeded" : "server_error");
        if (!_streaming)
        {
            ApiError.WriteBody(WireApi.ChatCompletions, status, e.Message, _output, code);
            return;
        }

        // Both OpenAI SDKs throw on a chunk with an error key; no [DONE] follows, so the stream never looks complete.
        _output.Write("data: "u8);
        _json.Reset(_output);
        _json.WriteStartObject();
        _json.WriteStartObject("error"u8);
        _json.WriteString("message"u8, e.Message);
        _json.WriteString("type"u8, ApiError.OpenAIType(status));
        _json.WriteNull("param"u8);
        _json.WriteString("code"u8, code);
        _json.WriteEndObject();
        EndChunk();
    }

    public void Dispose()
    {
        _json.Dispose();
        _text.Dispose();
        _reasoning.Dispose();
        _refusal.Dispose();
        foreach (var call in _toolCalls)
        {
            call.Dispose();
        }

        _tool?.Dispose();
    }

    private void EnsureStarted()
    {
        if (!_started)
        {
            _report.Add(RepairKind.MissingStart);
            Start(new StartEvent(null, null, default));
        }
    }

    private void OpenTool(string? upstreamId, string? name)
    {
        _tool = new OutputBlock(BlockKind.ToolCall)
        {
            Id = UniqueToolId(upstreamId),
            Name = string.IsNullOrEmpty(name) ? null : name,
        };
        _toolAnnounced = false;

        // The call's first fragment goes out as soon as the name is known; without one, at the call's end.
        if (_tool.Name is not null)
        {
            AnnounceTool();
        }
    }

    /// <summary>The first fragment of a call: index, id, type and name, with empty arguments.</summary>
    private void AnnounceTool()
    {
        var tool = _tool!;
        _toolAnnounced = true;
        tool.Emitted = true;
        _toolCount++;
        if (!_streaming)
        {
            return;
        }

        var json = BeginToolFragment();
        json.WriteString("id"u8, tool.Id);
        json.WriteString("type"u8, "function"u8);
        json.WriteStartObject("function"u8);
        json.WriteString("name"u8, tool.Name);
        json.WriteString("arguments"u8, ""u8);
        json.WriteEndObject();
        EndToolFragment();
    }

    private void CloseOpen()
    {
        _openKind = null;
        _reasoningWritten = false;
        var tool = _tool;
        if (tool is null)
        {
            return;
        }

        tool.Name ??= "unknown_tool";
        if (!_toolAnnounced)
        {
            AnnounceTool();
        }

        _tool = null;
        var args = ToolArgumentsRepair.Repair(tool.Content.WrittenSpan, out var repaired);
        if (repaired)
        {
            _report.Add(RepairKind.InvalidToolInput);
        }

        if (_streaming)
        {
            var json = BeginToolFragment();
            json.WriteStartObject("function"u8);
            JsonText.WriteEscapedString(json, "arguments"u8, args);
            json.WriteEndObject();
            EndToolFragment();
            tool.Dispose();
            return;
        }

        tool.Content.Clear();
        tool.Content.Append(args);
        _toolCalls.Add(tool);
    }

    private void WriteContent(BlockKind kind, ReadOnlySpan<byte> escaped)
    {
        if (escaped.IsEmpty)
        {
            return;
        }

        if (_tool is not null)
        {
            CloseOpen(); // text after a call: the call is complete
        }

        _openKind ??= kind;
        _contentBytes += escaped.Length;
        if (kind == BlockKind.Reasoning)
        {
            _reasoningWritten = true;
        }

        if (!_streaming)
        {
            (kind switch
            {
                BlockKind.Reasoning => _reasoning,
                BlockKind.Refusal => _refusal,
                _ => _text,
            }).Append(escaped);
            return;
        }

        // The hot path of every stream: written directly, the same bytes as BeginDeltaChunk/EndDeltaChunk would give.
        var frame = new FrameAppender(_output, escaped.Length + 256);
        frame.Append("data: {\"id\":\""u8);
        frame.Append(_encodedId.Get(_id));
        frame.Append("\",\"object\":\"chat.completion.chunk\",\"created\":"u8);
        frame.Append(_createdAt);
        frame.Append(",\"model\":\""u8);
        frame.Append(_encodedModel.Get(_model));

        // reasoning_content is what DeepSeek, LM Studio, llama.cpp, SGLang and older vLLM send, and what chat clients
        // read (@ai-sdk/openai-compatible: reasoning_content ?? reasoning; LiteLLM); OpenAI itself streams no reasoning.
        frame.Append(kind switch
        {
            BlockKind.Reasoning => "\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\""u8,
            BlockKind.Refusal => "\",\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\""u8,
            _ => "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""u8,
        });
        frame.Append(escaped);
        frame.Append(_includeUsage
            ? "\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"u8
            : "\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"u8);
        frame.Complete();
    }

    private string UniqueToolId(string? upstreamId)
    {
        // Tool messages answer by tool_call_id, so every id in one response must be distinct and non-empty.
        if (!string.IsNullOrWhiteSpace(upstreamId) && _toolIds.Add(upstreamId))
        {
            return upstreamId;
        }

        if (upstreamId is not null)
        {
            _report.Add(RepairKind.BadItemId);
        }

        var id = IdGenerator.New("call_");
        _toolIds.Add(id);
        return id;
    }

    private Utf8JsonWriter BeginChunk()
    {
        _output.Write("data: "u8);
        _json.Reset(_output);
        _json.WriteStartObject();
        _json.WriteString("id"u8, _id);
        _json.WriteString("object"u8, "chat.completion.chunk"u8);
        _json.WriteNumber("created"u8, _createdAt);
        _json.WriteString("model"u8, _model);
        return _json;
    }

    private void EndChunk()
    {
        _json.WriteEndObject();
        _json.Flush();
        _output.Write("\n\n"u8);
    }

    /// <summary>Opens a chunk with one choice and returns the writer inside its <c>delta</c>.</summary>
    private Utf8JsonWriter BeginDeltaChunk()
    {
        var json = BeginChunk();
        json.WriteStartArray("choices"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, 0);
        json.WriteStartObject("delta"u8);
        return json;
    }

    private void EndDeltaChunk(string? finishReason)
    {
        var json = _json;
        json.WriteEndObject();
        json.WriteNull("logprobs"u8);
        if (finishReason is null)
        {
            json.WriteNull("finish_reason"u8);
        }
        else
        {
            json.WriteString("finish_reason"u8, finishReason);
        }

        json.WriteEndObject();
        json.WriteEndArray();
        if (_includeUsage)
        {
            json.WriteNull("usage"u8); // as OpenAI sends it on every chunk but the usage chunk
        }

        EndChunk();
    }

    /// <summary>Opens a delta chunk with one <c>tool_calls</c> fragment for the open call and returns the writer inside it.</summary>
    private Utf8JsonWriter BeginToolFragment()
    {
        var json = BeginDeltaChunk();
        json.WriteStartArray("tool_calls"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, _toolCount - 1);
        return json;
    }

    private void EndToolFragment()
    {
        _json.WriteEndObject();
        _json.WriteEndArray();
        EndDeltaChunk(null);
    }

    private void WriteUsage(Utf8JsonWriter json, long outputTokens)
    {
        var input = _usage.TotalInputTokens;
        json.WriteStartObject("usage"u8);
        json.WriteNumber("prompt_tokens"u8, input);
        json.WriteNumber("completion_tokens"u8, outputTokens);
        json.WriteNumber("total_tokens"u8, input + outputTokens);
        json.WriteStartObject("prompt_tokens_details"u8);
        json.WriteNumber("cached_tokens"u8, _usage.CacheReadInputTokens ?? 0);
        json.WriteEndObject();
        json.WriteStartObject("completion_tokens_details"u8);
        json.WriteNumber("reasoning_tokens"u8, _usage.ReasoningTokens ?? 0);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private void WriteBody(string finishReason, long outputTokens)
    {
        var json = _json;
        json.Reset(_output);
        json.WriteStartObject();
        json.WriteString("id"u8, _id);
        json.WriteString("object"u8, "chat.completion"u8);
        json.WriteNumber("created"u8, _createdAt);
        json.WriteString("model"u8, _model);
        json.WriteStartArray("choices"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, 0);
        json.WriteStartObject("message"u8);
        json.WriteString("role"u8, "assistant"u8);
        WriteNullableEscaped(json, "content"u8, _text);
        if (_reasoning.WrittenCount > 0)
        {
            JsonText.WriteEscapedString(json, "reasoning_content"u8, _reasoning.WrittenSpan);
        }

        WriteNullableEscaped(json, "refusal"u8, _refusal);
        if (_toolCalls.Count > 0)
        {
            json.WriteStartArray("tool_calls"u8);
            foreach (var call in _toolCalls)
            {
                json.WriteStartObject();
                json.WriteString("id"u8, call.Id);
                json.WriteString("type"u8, "function"u8);
                json.WriteStartObject("function"u8);
                json.WriteString("name"u8, call.Name);
                JsonText.WriteEscapedString(json, "arguments"u8, call.Content.WrittenSpan);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteNull("logprobs"u8);
        json.WriteString("finish_reason"u8, finishReason);
        json.WriteEndObject();
        json.WriteEndArray();
        WriteUsage(json, outputTokens);
        json.WriteEndObject();
        json.Flush();
    }

    private static void WriteNullableEscaped(Utf8JsonWriter json, ReadOnlySpan<byte> name, PooledBufferWriter value)
    {
        if (value.WrittenCount == 0)
        {
            json.WriteNull(name);
        }
        else
        {
            JsonText.WriteEscapedString(json, name, value.WrittenSpan);
        }
    }
}
