namespace LlmGateway.Protocols.Neutral;

/// <summary>Usage merged across events: later known values replace earlier ones.</summary>
public sealed class UsageTotals
{
    /// <summary>Input tokens not read from or written to a cache.</summary>
    public long? InputTokens { get; private set; }

    public long? CacheReadInputTokens { get; private set; }

    public long? CacheCreationInputTokens { get; private set; }

    public long? OutputTokens { get; private set; }

    public long? ReasoningTokens { get; private set; }

    /// <summary>Anthropic <c>server_tool_use</c> counts, raw.</summary>
    public byte[]? ServerToolUse { get; private set; }

    /// <summary>All input tokens, cached or not (OpenAI's <c>input_tokens</c>).</summary>
    public long TotalInputTokens => (InputTokens ?? 0) + (CacheReadInputTokens ?? 0) + (CacheCreationInputTokens ?? 0);

    public void Merge(in UsageEvent e)
    {
        InputTokens = e.InputTokens ?? InputTokens;
        CacheReadInputTokens = e.CacheReadInputTokens ?? CacheReadInputTokens;
        CacheCreationInputTokens = e.CacheCreationInputTokens ?? CacheCreationInputTokens;
        OutputTokens = e.OutputTokens ?? OutputTokens;
        ReasoningTokens = e.ReasoningTokens ?? ReasoningTokens;
        ServerToolUse = e.ServerToolUse ?? ServerToolUse;
    }
}
