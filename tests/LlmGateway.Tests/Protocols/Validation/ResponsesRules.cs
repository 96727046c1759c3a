namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>Vocabulary of the OpenAI Responses API (wire-protocols.md 2.2, 2.3).</summary>
internal static class ResponsesRules
{
    public static readonly HashSet<string> TerminalEvents = ["response.completed", "response.incomplete", "response.failed"];

    /// <summary>Events about the open item: they carry its <c>item_id</c> and <c>output_index</c>.</summary>
    public static readonly HashSet<string> ItemEvents =
    [
        "response.content_part.added", "response.content_part.done",
        "response.output_text.delta", "response.output_text.done", "response.output_text.annotation.added",
        "response.refusal.delta", "response.refusal.done",
        "response.function_call_arguments.delta", "response.function_call_arguments.done",
        "response.reasoning_summary_part.added", "response.reasoning_summary_part.done",
        "response.reasoning_summary_text.delta", "response.reasoning_summary_text.done",
        "response.reasoning_text.delta", "response.reasoning_text.done",
    ];

    /// <summary>Documented hosted-tool events, by the item type they belong to.</summary>
    public static readonly Dictionary<string, string> HostedToolEvents = new()
    {
        ["response.web_search_call.in_progress"] = "web_search_call",
        ["response.web_search_call.searching"] = "web_search_call",
        ["response.web_search_call.completed"] = "web_search_call",
        ["response.file_search_call.in_progress"] = "file_search_call",
        ["response.file_search_call.searching"] = "file_search_call",
        ["response.file_search_call.completed"] = "file_search_call",
        ["response.code_interpreter_call.in_progress"] = "code_interpreter_call",
        ["response.code_interpreter_call.interpreting"] = "code_interpreter_call",
        ["response.code_interpreter_call.completed"] = "code_interpreter_call",
        ["response.code_interpreter_call_code.delta"] = "code_interpreter_call",
        ["response.code_interpreter_call_code.done"] = "code_interpreter_call",
        ["response.image_generation_call.in_progress"] = "image_generation_call",
        ["response.image_generation_call.generating"] = "image_generation_call",
        ["response.image_generation_call.partial_image"] = "image_generation_call",
        ["response.image_generation_call.completed"] = "image_generation_call",
        ["response.mcp_call.in_progress"] = "mcp_call",
        ["response.mcp_call.completed"] = "mcp_call",
        ["response.mcp_call.failed"] = "mcp_call",
        ["response.mcp_call_arguments.delta"] = "mcp_call",
        ["response.mcp_call_arguments.done"] = "mcp_call",
        ["response.mcp_list_tools.in_progress"] = "mcp_list_tools",
        ["response.mcp_list_tools.completed"] = "mcp_list_tools",
        ["response.mcp_list_tools.failed"] = "mcp_list_tools",
        ["response.custom_tool_call_input.delta"] = "custom_tool_call",
        ["response.custom_tool_call_input.done"] = "custom_tool_call",
    };

    public static readonly HashSet<string> LifecycleEvents = ["response.created", "response.in_progress", "response.queued"];

    public static readonly HashSet<string> OtherEvents =
        ["response.output_item.added", "response.output_item.done", "error", "response.audio.delta", "response.audio.done", "response.audio.transcript.delta", "response.audio.transcript.done"];

    public static bool IsDocumented(string name) =>
        ItemEvents.Contains(name) || HostedToolEvents.ContainsKey(name) || LifecycleEvents.Contains(name) || TerminalEvents.Contains(name) || OtherEvents.Contains(name);
}
