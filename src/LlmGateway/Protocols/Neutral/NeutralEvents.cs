namespace LlmGateway.Protocols.Neutral;

/// <summary>The response begins.</summary>
/// <param name="Id">The upstream's message or response id, if any.</param>
/// <param name="CreatedAt">Unix seconds, if the upstream said.</param>
/// <param name="RawSkeleton">The upstream's own message/response object (source API), or empty.</param>
public readonly ref struct StartEvent(string? Id, long? CreatedAt, ReadOnlySpan<byte> RawSkeleton)
{
    public string? Id { get; } = Id;

    public long? CreatedAt { get; } = CreatedAt;

    public ReadOnlySpan<byte> RawSkeleton { get; } = RawSkeleton;
}

/// <summary>A block opens.</summary>
public readonly ref struct BlockStartEvent
{
    public BlockKind Kind { get; init; }

    /// <summary>Upstream id of the block or item (tool_use id, Responses item id), if any.</summary>
    public string? Id { get; init; }

    /// <summary>Responses <c>call_id</c> of a function call; for Messages the tool_use id.</summary>
    public string? CallId { get; init; }

    /// <summary>Tool name.</summary>
    public string? Name { get; init; }

    /// <summary>The text block carries citations (Anthropic start payload had <c>citations</c>).</summary>
    public bool HasCitations { get; init; }

    /// <summary>Raw start payload of the source API (Anthropic <c>content_block</c>, Responses <c>item</c>), for opaque blocks.</summary>
    public ReadOnlySpan<byte> Raw { get; init; }
}

/// <summary>A delta for the open block.</summary>
public readonly ref struct DeltaEvent(DeltaKind Kind, ReadOnlySpan<byte> Value)
{
    public DeltaKind Kind { get; } = Kind;

    /// <summary>Escaped JSON string content for text-like kinds; a raw JSON value for <see cref="DeltaKind.Citation"/> and <see cref="DeltaKind.OpaqueRaw"/>.</summary>
    public ReadOnlySpan<byte> Value { get; } = Value;
}

/// <summary>The open block closes.</summary>
/// <param name="RawFinal">The final raw item of the source API (Responses <c>output_item.done</c> item), or empty.</param>
public readonly ref struct BlockEndEvent(ReadOnlySpan<byte> RawFinal)
{
    public ReadOnlySpan<byte> RawFinal { get; } = RawFinal;

    /// <summary>A tool call's name when it became known only at the end (some servers send it in the done item).</summary>
    public string? Name { get; init; }
}

/// <summary>Token usage; null members are unknown and leave earlier values in place.</summary>
/// <param name="ServerToolUse">Anthropic <c>usage.server_tool_use</c> (source API), raw.</param>
public readonly record struct UsageEvent(
    long? InputTokens,
    long? CacheReadInputTokens,
    long? CacheCreationInputTokens,
    long? OutputTokens,
    long? ReasoningTokens,
    byte[]? ServerToolUse = null);

/// <summary>Why the response stopped.</summary>
public readonly ref struct FinishEvent(StopReason Reason, string? RawReason, string? StopSequence, ReadOnlySpan<byte> RawDetails)
{
    public StopReason Reason { get; } = Reason;

    /// <summary>The source API's own value (e.g. <c>end_turn</c>).</summary>
    public string? RawReason { get; } = RawReason;

    public string? StopSequence { get; } = StopSequence;

    /// <summary>Anthropic <c>stop_details</c> (source API), or empty.</summary>
    public ReadOnlySpan<byte> RawDetails { get; } = RawDetails;
}

/// <summary>The upstream reported an error or stopped short; the response ends in the protocol's error event.</summary>
/// <param name="Type">Anthropic-style error type (<c>api_error</c>, <c>overloaded_error</c>, …).</param>
/// <param name="Code">OpenAI-style code (<c>server_error</c>, …), if known.</param>
public readonly record struct ErrorEvent(string Type, string Message, string? Code = null);
