using System.Text;
using System.Text.Json;
using LlmGateway.Protocols.Json;
using LlmGateway.Protocols.Neutral;

namespace LlmGateway.Protocols.ChatCompletions;

/// <summary>
/// Reads a Chat Completions stream or body, however sloppy, into neutral events, applying the clean-up layer of
/// wire-protocols.md 3.3: reasoning under <c>reasoning_content</c>, <c>reasoning</c> or <c>reasoning_text</c>; tool-call
/// fragments without <c>index</c>, parallel calls sharing index 0, empty ids, repeated or blank names, arguments sent
/// as objects or twice; <c>finish_reason: "stop"</c> despite tool calls; usage in a <c>choices</c>-less chunk, on the
/// finish chunk or absent; <c>{"error": …}</c> chunks; a missing <c>[DONE]</c>.
/// </summary>
/// <remarks>
/// Text, reasoning and refusal stream live. Tool calls are buffered per upstream call (their fragments may
/// interleave, while neutral blocks are sequential) and each is emitted whole — start, one arguments delta, end —
/// when it is closed: at the end of the stream, or when text or reasoning follows. Calls are emitted in order of
/// first appearance; fragments for a call already emitted are dropped (a block is never reopened).
/// </remarks>
public sealed class ChatCompletionsDecoder : IUpstreamDecoder, IDisposable
{
    private readonly IResponseEventSink _sink;
    private readonly NormalizationReport _report;
    private readonly List<ChatToolCall> _calls = [];

    /// <summary>The last chunk that carried one piece of text and nothing else, to read the chunks after it by comparison.</summary>
    private readonly FrameTemplate _template = new();
    private JsonSlice _templateText;
    private BlockKind _templateKind;
    private DeltaKind _templateDeltaKind;

    /// <summary>Set by <see cref="ApplyDelta"/> when a delta held one piece of text and nothing else: where, and of what kind.</summary>
    private (JsonSlice Text, BlockKind Kind, DeltaKind DeltaKind)? _singleText;

    /// <summary>The call the last tool fragment went to; index-less continuations belong to it.</summary>
    private ChatToolCall? _current;
    private bool _started;
    private bool _ended;
    private BlockKind? _openKind;
    private string? _finishReason;
    private bool _decodingBody;

    public ChatCompletionsDecoder(IResponseEventSink sink, NormalizationReport report)
    {
        _sink = sink;
        _report = report;
    }

    public void OnFrame(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        if (data.SequenceEqual("[DONE]"u8))
        {
            if (!_ended && !_sink.IsTerminated)
            {
                EndStream(explicitEnd: true);
            }

            return;
        }

        if (_ended || _sink.IsTerminated)
        {
            return;
        }

        try
        {
            DecodeChunk(data);
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

        EndStream(explicitEnd: false);
    }

    /// <summary>Decodes a whole non-streaming <c>chat.completion</c> body (wire-protocols.md 3.6).</summary>
    public void DecodeBody(ReadOnlySpan<byte> body)
    {
        var top = TopFields.Read(body) ?? throw new JsonException("Body is not a JSON object.");
        if (top.Error.IsObject || top.Error.IsString)
        {
            EmitError(body, top.Error);
            return;
        }

        if (top.FirstChoice is null)
        {
            return; // no answer in it: the normalizer reports an incomplete body
        }

        _decodingBody = true;
        DecodeChunkFields(body, top);
        if (!_sink.IsTerminated)
        {
            EndStream(explicitEnd: true);
        }
    }

    public void Dispose()
    {
        _template.Dispose();
        foreach (var call in _calls)
        {
            call.Dispose();
        }
    }

    private void DecodeChunk(ReadOnlySpan<byte> data)
    {
        Span<JsonSlice> values = stackalloc JsonSlice[FrameTemplate.MaxHoles];
        if (_template.TryMatch(data, values))
        {
            // The last text chunk again with other text (and pads): the one delta a full read would find, if not empty.
            var text = _template.Map(_templateText, values).Raw(data);
            if (!text.IsEmpty)
            {
                Live(_templateKind, _templateDeltaKind, text);
            }

            return;
        }

        _singleText = null;
        if (TopFields.Read(data) is not { } top)
        {
            _report.Add(RepairKind.UnparsableFrame);
            return;
        }

        if (top.Error.IsObject || top.Error.IsString)
        {
            EmitError(data, top.Error);
            return;
        }

        DecodeChunkFields(data, top);
        if (_singleText is { } single && top.FirstChoice is { Delta.IsObject: true } && !top.Usage.IsObject && top.OtherCount is >= 0 and <= 2)
        {
            RecordTemplate(data, single, top);
        }
    }

    /// <summary>
    /// Keeps a chunk whose delta held one piece of text and nothing else as the template: that text and the chunk's
    /// unknown top-level scalars (<c>obfuscation</c>, …) are the holes. Everything else in a chunk that matches is the
    /// same bytes, so it has the same effect: no start (this chunk came after one), no tool call or other text, and a
    /// finish reason the template already set. Usage is left out: a chunk with usage is not kept.
    /// </summary>
    private void RecordTemplate(ReadOnlySpan<byte> data, (JsonSlice Text, BlockKind Kind, DeltaKind DeltaKind) single, in TopFields top)
    {
        Span<JsonSlice> holes = [single.Text, top.Other0, top.Other1];
        holes = holes[..(1 + top.OtherCount)];
        if (!_template.Record(data, holes))
        {
            return;
        }

        _templateText = single.Text;
        _templateKind = single.Kind;
        _templateDeltaKind = single.DeltaKind;
    }

    private void DecodeChunkFields(ReadOnlySpan<byte> data, in TopFields top)
    {
        if (!_started)
        {
            _started = true;
            _sink.Start(new StartEvent(top.Id.GetString(data), top.Created.GetInt64(data), default));
        }

        // choices missing, null or [] is a metadata-only chunk (usage, filter results): never index [0] blindly.
        if (top.FirstChoice is { } choice)
        {
            ApplyChoice(data, choice);
        }

        if (top.Usage.IsObject)
        {
            _sink.Usage(ReadUsage(top.Usage.Raw(data)));
        }
    }

    /// <param name="document">The document <paramref name="choice"/>'s slices point into.</param>
    private void ApplyChoice(ReadOnlySpan<byte> document, in ChoiceFields choice)
    {
        // A whole body has message; some servers stream chunks that carry message instead of delta.
        if (choice.Delta.IsObject)
        {
            ApplyDelta(choice.Delta.Raw(document));
            if (_singleText is { } single)
            {
                _singleText = single with { Text = single.Text.OffsetBy(choice.Delta.Start) }; // a position in the chunk
            }
        }
        else if (choice.Message.IsObject)
        {
            ApplyDelta(choice.Message.Raw(document));
        }

        if (choice.FinishReason.GetString(document) is { } reason)
        {
            _finishReason = reason;
        }
    }

    private void ApplyDelta(ReadOnlySpan<byte> delta)
    {
        var (content, refusal, reasoningContent, reasoning, reasoningText, toolCalls, functionCall) = DeltaFields.Read(delta);
        NoteSingleText(content, refusal, reasoningContent, reasoning, reasoningText, toolCalls, functionCall);

        // Servers name reasoning three ways (wire-protocols.md 3.2); the first non-empty string is taken, once.
        var thinking = IsText(reasoningContent, delta) ? reasoningContent : IsText(reasoning, delta) ? reasoning : reasoningText;
        if (IsText(thinking, delta))
        {
            Live(BlockKind.Reasoning, DeltaKind.Reasoning, thinking.Raw(delta));
        }

        if (IsText(content, delta))
        {
            Live(BlockKind.Text, DeltaKind.Text, content.Raw(delta));
        }
        else if (content.IsArray)
        {
            ApplyContentParts(content.Raw(delta));
        }

        if (IsText(refusal, delta))
        {
            Live(BlockKind.Refusal, DeltaKind.Refusal, refusal.Raw(delta));
        }

        if (toolCalls.IsArray)
        {
            var calls = toolCalls.Raw(delta);
            var callReader = new Utf8JsonReader(calls);
            callReader.Read();
            while (callReader.Read() && callReader.TokenType != JsonTokenType.EndArray)
            {
                if (callReader.TokenType != JsonTokenType.StartObject)
                {
                    callReader.Skip();
                    continue;
                }

                var start = (int)callReader.TokenStartIndex;
                callReader.Skip();
                ApplyToolFragment(calls[start..(int)callReader.BytesConsumed]);
            }
        }
        else if (functionCall.IsObject)
        {
            // The legacy single function call: no index and no id, a name on its first fragment.
            var call = functionCall.Raw(delta);
            ApplyToolFragment(null, null, JsonSlice.Find(call, "name"u8), JsonSlice.Find(call, "arguments"u8), call);
        }
    }

    /// <summary>Notes the delta's one string when it has nothing else that <see cref="ApplyDelta"/> acts on.</summary>
    private void NoteSingleText(
        JsonSlice content, JsonSlice refusal, JsonSlice reasoningContent, JsonSlice reasoning, JsonSlice reasoningText, JsonSlice toolCalls, JsonSlice functionCall)
    {
        if (toolCalls.IsArray || functionCall.IsObject || content.IsArray)
        {
            return;
        }

        (JsonSlice Text, BlockKind Kind, DeltaKind DeltaKind)? single = null;
        foreach (var (slice, kind, deltaKind) in (ReadOnlySpan<(JsonSlice, BlockKind, DeltaKind)>)[
            (content, BlockKind.Text, DeltaKind.Text),
            (refusal, BlockKind.Refusal, DeltaKind.Refusal),
            (reasoningContent, BlockKind.Reasoning, DeltaKind.Reasoning),
            (reasoning, BlockKind.Reasoning, DeltaKind.Reasoning),
            (reasoningText, BlockKind.Reasoning, DeltaKind.Reasoning)])
        {
            if (!slice.IsString)
            {
                continue;
            }

            if (single is not null)
            {
                return; // two strings: which one an empty value defers to depends on both
            }

            single = (slice, kind, deltaKind);
        }

        _singleText = single;
    }

    /// <summary>Content sent as an array of parts (<c>[{"type":"text","text":…}]</c>) by some servers.</summary>
    private void ApplyContentParts(ReadOnlySpan<byte> parts)
    {
        var reader = new Utf8JsonReader(parts);
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var part = parts[start..(int)reader.BytesConsumed];
            var text = JsonSlice.Find(part, "text"u8);
            if (IsText(text, part))
            {
                Live(BlockKind.Text, DeltaKind.Text, text.Raw(part));
            }
        }
    }

    private void ApplyToolFragment(ReadOnlySpan<byte> fragment)
    {
        JsonSlice index = default, id = default, function = default;
        var reader = new Utf8JsonReader(fragment);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                index = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                id = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("function"u8))
            {
                function = JsonSlice.Read(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!index.IsNumber && !_decodingBody)
        {
            _report.Add(RepairKind.BadIndex);
        }

        var fn = function.IsObject ? function.Raw(fragment) : default;
        ApplyToolFragment(index.GetInt64(fragment), id.GetString(fragment)?.Trim(), fn.IsEmpty ? default : JsonSlice.Find(fn, "name"u8), fn.IsEmpty ? default : JsonSlice.Find(fn, "arguments"u8), fn);
    }

    private void ApplyToolFragment(long? index, string? id, JsonSlice nameSlice, JsonSlice arguments, ReadOnlySpan<byte> function)
    {
        CloseLive(); // a tool call is under way: text or reasoning after it opens a new block
        var name = nameSlice.GetString(function);
        if (string.IsNullOrWhiteSpace(id))
        {
            id = null; // empty ids (LM Studio): the encoder synthesizes one
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            name = null;
        }

        var call = FindCall(index, id, name);
        if (call is null)
        {
            _report.Add(RepairKind.DroppedEvent);
            return;
        }

        _current = call;

        // The name is set once: servers repeat it on every fragment or send "" on continuations; never concatenate.
        call.Name ??= name;
        if (arguments.IsString)
        {
            call.Arguments.Append(arguments.Raw(function));
        }
        else if (arguments.IsObject || arguments.IsArray)
        {
            // Arguments sent as a JSON object (Ollama via LiteLLM): serialized, then escaped like a string's content.
            call.Arguments.Append(JsonText.Escape(arguments.Raw(function)));
        }
    }

    /// <summary>The call a fragment belongs to, a new one, or null when it continues a call already emitted.</summary>
    private ChatToolCall? FindCall(long? index, string? id, string? name)
    {
        if (id is not null)
        {
            var byId = _calls.FindLast(c => c.Id == id);
            if (byId is not null)
            {
                return byId.Closed ? null : byId;
            }

            // An id for a call first seen without one (its first fragment carried only the name).
            var pending = index is null ? null : _calls.FindLast(c => c.Index == index);
            if (pending is { Id: null, Closed: false } && (name is null || pending.Name is null || pending.Name == name))
            {
                pending.Id = id;
                return pending;
            }

            // A new id is a new call, even at an index already used (parallel calls all at index 0).
            return NewCall(index, id);
        }

        if (index is not null)
        {
            var byIndex = _calls.FindLast(c => c.Index == index);
            if (byIndex is null)
            {
                return NewCall(index, null);
            }

            if (name is not null && (byIndex.Closed || (byIndex.Name is not null && byIndex.Name != name && IsCompleteObject(byIndex.Arguments.WrittenSpan))))
            {
                return NewCall(index, null);
            }

            return byIndex.Closed ? null : byIndex;
        }

        // Neither index nor id (Ollama #7881): a fragment with a name starts a new call, unless it repeats the name
        // of the call still receiving its arguments.
        var current = _current;
        if (current is null || current.Closed)
        {
            return name is null && current is not null ? null : NewCall(null, null);
        }

        if (name is not null && current.Name is not null && (current.Name != name || IsCompleteObject(current.Arguments.WrittenSpan)))
        {
            return NewCall(null, null);
        }

        return current;
    }

    private ChatToolCall NewCall(long? index, string? id)
    {
        var call = new ChatToolCall(index, id);
        _calls.Add(call);
        return call;
    }

    /// <summary>Streams a text, reasoning or refusal fragment into a block of its kind.</summary>
    private void Live(BlockKind kind, DeltaKind deltaKind, ReadOnlySpan<byte> value)
    {
        if (_openKind != kind)
        {
            CloseLive();
            FlushToolCalls();
            _openKind = kind;
            _sink.BlockStart(new BlockStartEvent { Kind = kind });
        }

        _sink.Delta(new DeltaEvent(deltaKind, value));
    }

    private void CloseLive()
    {
        if (_openKind is null)
        {
            return;
        }

        _openKind = null;
        _sink.BlockEnd(new BlockEndEvent(default));
    }

    /// <summary>Emits every buffered call not yet emitted, in order of first appearance, each as one whole block.</summary>
    private void FlushToolCalls()
    {
        foreach (var call in _calls)
        {
            if (call.Closed)
            {
                continue;
            }

            call.Closed = true;

            // Id stays null: the upstream id is the call id (Responses call_id, Messages tool_use id); item ids are the encoder's.
            _sink.BlockStart(new BlockStartEvent { Kind = BlockKind.ToolCall, CallId = call.Id, Name = call.Name });
            if (call.Arguments.WrittenCount > 0)
            {
                // One delta with everything received, duplicates included: the encoders repair it at block end.
                _sink.Delta(new DeltaEvent(DeltaKind.ToolArguments, call.Arguments.WrittenSpan));
            }

            _sink.BlockEnd(new BlockEndEvent(default));
            call.Dispose();
        }
    }

    private void EndStream(bool explicitEnd)
    {
        _ended = true;
        if (!explicitEnd && _finishReason is null)
        {
            // EOF with neither finish_reason nor [DONE]: the upstream was cut off (wire-protocols.md 3.3).
            _report.Add(RepairKind.Truncated);
            _sink.Fail(new ErrorEvent("api_error", "The upstream stream ended before the response was complete.", "server_error"));
            return;
        }

        if (!_started)
        {
            _started = true;
            _sink.Start(new StartEvent(null, null, default));
        }

        if (!explicitEnd)
        {
            _report.Add(RepairKind.MissingStop); // finish_reason seen but no [DONE]: complete normally
        }

        CloseLive();
        FlushToolCalls();
        var reason = MapFinishReason(_finishReason);
        if (_calls.Count > 0 && reason is StopReason.EndTurn or StopReason.Unknown or StopReason.Other)
        {
            // finish_reason "stop" despite tool calls (Ollama, Gemini compat): never trust finish_reason alone.
            _report.Add(RepairKind.StopReason);
            reason = StopReason.ToolUse;
        }
        else if (reason == StopReason.Unknown)
        {
            _report.Add(RepairKind.StopReason);
            reason = StopReason.EndTurn;
        }

        _sink.Finish(new FinishEvent(reason, _finishReason, null, default));
        _sink.Complete();
    }

    private void EmitError(ReadOnlySpan<byte> data, JsonSlice error)
    {
        _ended = true;
        if (error.IsString)
        {
            _sink.Fail(new ErrorEvent("api_error", error.GetString(data) ?? "The upstream reported an error.", "server_error"));
            return;
        }

        var (type, message, code) = ApiError.ReadErrorFields(error.Raw(data));
        var anthropicType = code switch
        {
            "rate_limit_exceeded" => "rate_limit_error",
            "server_is_overloaded" or "overloaded" => "overloaded_error",
            _ => type is "rate_limit_error" or "overloaded_error" or "invalid_request_error" ? type : "api_error",
        };
        _sink.Fail(new ErrorEvent(anthropicType, message ?? "The upstream reported an error.", code ?? "server_error"));
    }

    internal static StopReason MapFinishReason(string? reason) => reason switch
    {
        null => StopReason.Unknown,
        "stop" or "eos" or "end_turn" => StopReason.EndTurn,
        "length" or "max_tokens" => StopReason.MaxTokens,
        "tool_calls" or "function_call" or "tool_use" => StopReason.ToolUse,
        "content_filter" => StopReason.ContentFilter,
        _ => StopReason.Other,
    };

    /// <summary>
    /// Chat usage → neutral: input = prompt − cached (OpenAI <c>prompt_tokens_details.cached_tokens</c>, DeepSeek
    /// <c>prompt_cache_hit_tokens</c>), output = completion tokens (reasoning included), reasoning tokens apart.
    /// </summary>
    internal static UsageEvent ReadUsage(ReadOnlySpan<byte> usage)
    {
        long? prompt = null, completion = null, cached = null, cacheHit = null, reasoning = null;
        var reader = new Utf8JsonReader(usage);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                prompt = JsonSlice.Read(ref reader).GetInt64(usage);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                completion = JsonSlice.Read(ref reader).GetInt64(usage);
            }
            else if (reader.ValueTextEquals("prompt_cache_hit_tokens"u8))
            {
                cacheHit = JsonSlice.Read(ref reader).GetInt64(usage);
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                var details = JsonSlice.Read(ref reader);
                if (details.IsObject)
                {
                    cached = JsonSlice.Find(details.Raw(usage), "cached_tokens"u8).GetInt64(details.Raw(usage));
                }
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
            {
                var details = JsonSlice.Read(ref reader);
                if (details.IsObject)
                {
                    reasoning = JsonSlice.Find(details.Raw(usage), "reasoning_tokens"u8).GetInt64(details.Raw(usage));
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        cached ??= cacheHit;
        long? input = prompt is { } p ? Math.Max(0, p - (cached ?? 0)) : null;
        return new UsageEvent(input, cached, null, completion, reasoning);
    }

    private static bool IsText(JsonSlice slice, ReadOnlySpan<byte> document) => slice.IsString && !slice.Raw(document).IsEmpty;

    /// <summary>True when escaped arguments already hold one complete JSON object (a later named fragment is then a new call).</summary>
    private static bool IsCompleteObject(ReadOnlySpan<byte> escaped)
    {
        if (escaped.IsEmpty)
        {
            return false;
        }

        var text = escaped.IndexOf((byte)'\\') < 0 ? escaped.ToArray() : JsonText.Utf8(JsonText.Unescape(escaped));
        try
        {
            var reader = new Utf8JsonReader(text);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The fields of a choice's delta (or message) the decoder uses; a repeated name takes the last value.</summary>
    private readonly record struct DeltaFields(JsonSlice Content, JsonSlice Refusal, JsonSlice ReasoningContent, JsonSlice Reasoning, JsonSlice ReasoningText, JsonSlice ToolCalls, JsonSlice FunctionCall)
    {
        public static DeltaFields Read(ReadOnlySpan<byte> delta)
        {
            var fields = default(DeltaFields);
            var flat = new FlatJsonObjectReader(delta, allowNested: true);
            FlatJsonToken token;
            while ((token = flat.Next(out var name, out var value)) is FlatJsonToken.Property or FlatJsonToken.Nested)
            {
                fields = fields.With(name, token == FlatJsonToken.Nested ? flat.SkipNested() : value);
            }

            return token == FlatJsonToken.End ? fields : ReadFull(delta);
        }

        private static DeltaFields ReadFull(ReadOnlySpan<byte> delta)
        {
            var fields = default(DeltaFields);
            var reader = new Utf8JsonReader(delta);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
                fields = fields.With(name, JsonSlice.Read(ref reader));
            }

            return fields;
        }

        private DeltaFields With(ReadOnlySpan<byte> name, JsonSlice value) => name switch
        {
            _ when name.SequenceEqual("content"u8) => this with { Content = value },
            _ when name.SequenceEqual("reasoning_content"u8) => this with { ReasoningContent = value },
            _ when name.SequenceEqual("reasoning"u8) => this with { Reasoning = value },
            _ when name.SequenceEqual("reasoning_text"u8) => this with { ReasoningText = value },
            _ when name.SequenceEqual("refusal"u8) => this with { Refusal = value },
            _ when name.SequenceEqual("tool_calls"u8) => this with { ToolCalls = value },
            _ when name.SequenceEqual("function_call"u8) => this with { FunctionCall = value },
            _ => this,
        };
    }

    /// <summary>The fields of one choice the decoder reads; <c>index</c> is its first occurrence.</summary>
    private readonly record struct ChoiceFields(JsonSlice Index, JsonSlice Delta, JsonSlice Message, JsonSlice FinishReason)
    {
        /// <summary>Reads the object the reader is on, leaving the reader on its end.</summary>
        public static ChoiceFields Read(ref Utf8JsonReader reader)
        {
            JsonSlice index = default, delta = default, message = default, finishReason = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8) && !index.Exists)
                {
                    index = JsonSlice.Read(ref reader);
                }
                else if (reader.ValueTextEquals("delta"u8))
                {
                    delta = JsonSlice.Read(ref reader);
                }
                else if (reader.ValueTextEquals("message"u8))
                {
                    message = JsonSlice.Read(ref reader);
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    finishReason = JsonSlice.Read(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return new ChoiceFields(index, delta, message, finishReason);
        }

        /// <summary>
        /// Reads the <c>choices</c> array at <paramref name="start"/> of <paramref name="data"/> with flat readers, as
        /// <see cref="TopFields"/>' full reader would; false when an element needs the full reader.
        /// </summary>
        /// <param name="end">Just past the array.</param>
        public static bool TryReadFirstFlat(ReadOnlySpan<byte> data, int start, out ChoiceFields? first, out int end)
        {
            first = null;
            end = 0;
            var position = FlatJsonObjectReader.SkipWhitespace(data, start + 1);
            if (position < data.Length && data[position] == (byte)']')
            {
                end = position + 1;
                return true;
            }

            while (position < data.Length && data[position] == (byte)'{')
            {
                var reader = new FlatJsonObjectReader(data, position, allowNested: true);
                JsonSlice index = default, delta = default, message = default, finishReason = default;
                FlatJsonToken token;
                while ((token = reader.Next(out var name, out var value)) is FlatJsonToken.Property or FlatJsonToken.Nested)
                {
                    if (token == FlatJsonToken.Nested)
                    {
                        value = reader.SkipNested();
                    }

                    // The full reader keeps the first index and the last of the others.
                    if (name.SequenceEqual("index"u8))
                    {
                        index = index.Exists ? index : value;
                    }
                    else if (name.SequenceEqual("delta"u8))
                    {
                        delta = value;
                    }
                    else if (name.SequenceEqual("message"u8))
                    {
                        message = value;
                    }
                    else if (name.SequenceEqual("finish_reason"u8))
                    {
                        finishReason = value;
                    }
                }

                if (token != FlatJsonToken.End)
                {
                    return false;
                }

                if (first is null && (!index.IsNumber || index.GetInt64(data) == 0))
                {
                    first = new ChoiceFields(index, delta, message, finishReason);
                }

                position = FlatJsonObjectReader.SkipWhitespace(data, reader.Position);
                if (position < data.Length && data[position] == (byte)']')
                {
                    end = position + 1;
                    return true;
                }

                if (position >= data.Length || data[position] != (byte)',')
                {
                    return false;
                }

                position = FlatJsonObjectReader.SkipWhitespace(data, position + 1);
            }

            return false;
        }

        public ChoiceFields OffsetBy(int offset) =>
            new(Index.OffsetBy(offset), Delta.OffsetBy(offset), Message.OffsetBy(offset), FinishReason.OffsetBy(offset));
    }

    /// <summary>
    /// The top-level fields of a chunk or body and, read in the same pass, the choice with index 0 (or without an
    /// index); other choices (<c>n</c> &gt; 1) have no neutral form. All slices point into the chunk.
    /// </summary>
    /// <param name="Other0">The first string or integer of a field not read here and not constant in a stream (<c>obfuscation</c>, …).</param>
    /// <param name="Other1">The second such value.</param>
    /// <param name="OtherCount">How many such values the chunk has; -1 when it was read by the full reader, which does not look for them.</param>
    private readonly record struct TopFields(
        JsonSlice Id, JsonSlice Created, ChoiceFields? FirstChoice, JsonSlice Usage, JsonSlice Error, JsonSlice Other0 = default, JsonSlice Other1 = default, int OtherCount = -1)
    {
        public static TopFields? Read(ReadOnlySpan<byte> data) => TryReadFlat(data, out var top) ? top : ReadFull(data);

        /// <summary>
        /// The usual chunk read with our own top-level reader and only <c>choices</c> (and other nested values) with
        /// <see cref="Utf8JsonReader"/>; false for anything that reader leaves to <see cref="ReadFull"/>.
        /// </summary>
        private static bool TryReadFlat(ReadOnlySpan<byte> data, out TopFields top)
        {
            top = default;
            var flat = new FlatJsonObjectReader(data, allowNested: true);
            JsonSlice id = default, created = default, usage = default, error = default, other0 = default, other1 = default;
            var otherCount = 0;
            ChoiceFields? firstChoice = null;
            while (true)
            {
                var token = flat.Next(out var name, out var value);
                switch (token)
                {
                    case FlatJsonToken.End:
                        top = new TopFields(id, created, firstChoice, usage, error, other0, other1, otherCount);
                        return true;
                    case FlatJsonToken.Unsupported:
                        return false;
                    case FlatJsonToken.Nested when name.SequenceEqual("choices"u8):
                        var start = flat.Position;
                        if (ChoiceFields.TryReadFirstFlat(data, start, out firstChoice, out var end))
                        {
                            flat.EndNested(end - start);
                            continue;
                        }

                        var nested = new Utf8JsonReader(data[start..]);
                        firstChoice = ReadFirstChoice(ref nested, data[start..])?.OffsetBy(start);
                        flat.EndNested((int)nested.BytesConsumed);
                        continue;
                    case FlatJsonToken.Nested:
                        value = flat.SkipNested();
                        break;
                    case FlatJsonToken.Property when name.SequenceEqual("choices"u8):
                        firstChoice = null; // null or a scalar: no choice, as the full reader finds
                        continue;
                }

                // As in the full reader, a repeated name takes the last value.
                if (name.SequenceEqual("id"u8))
                {
                    id = value;
                }
                else if (name.SequenceEqual("created"u8))
                {
                    created = value;
                }
                else if (name.SequenceEqual("usage"u8))
                {
                    usage = value;
                }
                else if (name.SequenceEqual("error"u8))
                {
                    error = value;
                }
                else if ((value.IsString || value.IsNumber) && !IsConstantInAStream(name))
                {
                    (other0, other1) = otherCount == 0 ? (value, other1) : otherCount == 1 ? (other0, value) : (other0, other1);
                    otherCount++;
                }
            }
        }

        /// <summary>Fields every chunk of a stream repeats unchanged, so a template need not make holes of them.</summary>
        private static bool IsConstantInAStream(ReadOnlySpan<byte> name) =>
            name.SequenceEqual("object"u8) || name.SequenceEqual("model"u8) || name.SequenceEqual("system_fingerprint"u8) || name.SequenceEqual("service_tier"u8);

        private static TopFields? ReadFull(ReadOnlySpan<byte> data)
        {
            var reader = new Utf8JsonReader(data);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            JsonSlice id = default, created = default, usage = default, error = default;
            ChoiceFields? firstChoice = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    id = JsonSlice.Read(ref reader);
                }
                else if (reader.ValueTextEquals("created"u8))
                {
                    created = JsonSlice.Read(ref reader);
                }
                else if (reader.ValueTextEquals("choices"u8))
                {
                    firstChoice = ReadFirstChoice(ref reader, data);
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

            return new TopFields(id, created, firstChoice, usage, error);
        }

        /// <summary>Reads the value after the <c>choices</c> name (or, on a fresh reader, the value itself); the reader ends on its last token.</summary>
        private static ChoiceFields? ReadFirstChoice(ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                return null;
            }

            ChoiceFields? first = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (first is not null || reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                var choice = ChoiceFields.Read(ref reader);
                if (!choice.Index.IsNumber || choice.Index.GetInt64(data) == 0)
                {
                    first = choice;
                }
            }

            return first;
        }
    }
}
