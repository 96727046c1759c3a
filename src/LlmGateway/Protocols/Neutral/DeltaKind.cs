namespace LlmGateway.Protocols.Neutral;

/// <summary>What a neutral delta carries.</summary>
public enum DeltaKind
{
    /// <summary>A text fragment (JSON-escaped string content).</summary>
    Text,

    /// <summary>A reasoning fragment (JSON-escaped string content).</summary>
    Reasoning,

    /// <summary>A fragment of the tool call's arguments JSON (JSON-escaped string content).</summary>
    ToolArguments,

    /// <summary>A refusal fragment (JSON-escaped string content).</summary>
    Refusal,

    /// <summary>The reasoning block's opaque verification value (Anthropic signature, Responses <c>encrypted_content</c>); whole value.</summary>
    Signature,

    /// <summary>A new reasoning summary part begins (Responses <c>summary_index</c> advanced).</summary>
    ReasoningPartBreak,

    /// <summary>A new content part of the same message begins (Responses: a second <c>output_text</c> part).</summary>
    TextPartBreak,

    /// <summary>A citation or annotation on the text block, as a raw JSON object of the source API.</summary>
    Citation,

    /// <summary>A raw JSON event or delta of the source API, for an opaque block.</summary>
    OpaqueRaw,
}
