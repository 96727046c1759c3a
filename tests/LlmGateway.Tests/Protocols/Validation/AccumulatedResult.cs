using System.Text.Json.Nodes;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>One tool call as a client ends up with it.</summary>
public sealed record ToolCallResult(string Name, JsonObject Input);

/// <summary>
/// The final result a client accumulates from a response (stream or body): what the expected files describe.
/// Text and thinking are the concatenations over all text / reasoning blocks (or items), in order.
/// </summary>
public sealed class AccumulatedResult
{
    public string Text { get; set; } = string.Empty;

    /// <summary>Messages thinking, or Responses reasoning summary and reasoning_text content.</summary>
    public string Thinking { get; set; } = string.Empty;

    public List<ToolCallResult> Tools { get; } = [];

    /// <summary>Messages <c>stop_reason</c>, or Responses terminal <c>status</c>; null when the response ended in an error without one.</summary>
    public string? Stop { get; set; }

    public long? InputTokens { get; set; }

    public long? OutputTokens { get; set; }

    public bool Error { get; set; }

    /// <summary>Citations (Messages) or annotations (Responses), counted over all text.</summary>
    public int Citations { get; set; }

    /// <summary>Block types (Messages <c>content[].type</c>) or item types (Responses <c>output[].type</c>) in order.</summary>
    public List<string> Blocks { get; } = [];

    /// <summary>The final usage object (Messages: <c>message_start</c> usage overlaid by <c>message_delta</c> usage).</summary>
    public JsonObject? Usage { get; set; }

    /// <summary>Messages <c>stop_details</c>, when present.</summary>
    public JsonNode? StopDetails { get; set; }

    /// <summary>The final content blocks (Messages) or output items (Responses), for pass-through checks.</summary>
    public List<JsonObject> FinalBlocks { get; } = [];
}
