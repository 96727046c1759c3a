namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>Vocabulary of the Anthropic Messages API (wire-protocols.md 1.5–1.7, 1.10).</summary>
internal static class MessagesRules
{
    public static readonly HashSet<string> StopReasons =
        ["end_turn", "max_tokens", "stop_sequence", "tool_use", "pause_turn", "refusal", "model_context_window_exceeded"];

    public static readonly HashSet<string> EventNames =
        ["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop", "ping", "error"];

    /// <summary>Blocks whose start payload is an empty shell filled by <c>input_json_delta</c>.</summary>
    public static readonly HashSet<string> ToolLikeBlocks = ["tool_use", "server_tool_use", "mcp_tool_use"];

    /// <summary>Blocks whose start payload is complete and that take no delta.</summary>
    public static readonly HashSet<string> CompleteBlocks =
    [
        "redacted_thinking", "web_search_tool_result", "web_fetch_tool_result", "code_execution_tool_result",
        "bash_code_execution_tool_result", "text_editor_code_execution_tool_result", "tool_search_tool_result",
        "container_upload", "mcp_tool_result",
    ];

    /// <summary>Which delta types each block type takes (table 1.7).</summary>
    public static IReadOnlySet<string> DeltasFor(string blockType) => blockType switch
    {
        "text" => new HashSet<string> { "text_delta", "citations_delta" },
        "thinking" => new HashSet<string> { "thinking_delta", "signature_delta" },
        "compaction" => new HashSet<string> { "compaction_delta" },
        _ when ToolLikeBlocks.Contains(blockType) => new HashSet<string> { "input_json_delta" },
        _ => new HashSet<string>(),
    };
}
