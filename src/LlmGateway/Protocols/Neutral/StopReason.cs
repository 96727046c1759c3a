namespace LlmGateway.Protocols.Neutral;

/// <summary>Why generation stopped, independent of API.</summary>
public enum StopReason
{
    /// <summary>Not reported.</summary>
    Unknown,
    EndTurn,
    MaxTokens,
    StopSequence,
    ToolUse,
    PauseTurn,
    Refusal,
    ContentFilter,
    ContextWindowExceeded,

    /// <summary>Another value of the source API, kept as its raw string.</summary>
    Other,
}
