namespace LlmGateway.Protocols.Neutral;

/// <summary>What a neutral content block holds.</summary>
public enum BlockKind
{
    /// <summary>Visible answer text (Anthropic <c>text</c>, Responses <c>output_text</c> part).</summary>
    Text,

    /// <summary>Reasoning (Anthropic <c>thinking</c>, Responses <c>reasoning</c> item).</summary>
    Reasoning,

    /// <summary>A client tool call (Anthropic <c>tool_use</c>, Responses <c>function_call</c>).</summary>
    ToolCall,

    /// <summary>A refusal (Responses <c>refusal</c> part).</summary>
    Refusal,

    /// <summary>A block of the upstream's own API the neutral model does not interpret (server tools, results, redacted thinking, hosted-tool items).</summary>
    Opaque,
}
