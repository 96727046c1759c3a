namespace LlmGateway.Protocols.Requests;

/// <summary>Converts between Anthropic thinking budgets and OpenAI effort words.</summary>
internal static class ReasoningBudget
{
    /// <summary>Anthropic's smallest accepted <c>budget_tokens</c>.</summary>
    public const long MinimumBudget = 1024;

    /// <summary>The effort bucket of a budget: up to 2048 low, up to 8192 medium, above that high.</summary>
    public static string EffortFor(long budget) => budget switch
    {
        <= 2048 => "low",
        <= 8192 => "medium",
        _ => "high",
    };

    /// <summary>The budget for an effort word (the top of its bucket), or null for <c>none</c> (thinking off).</summary>
    public static long? BudgetFor(string effort) => effort switch
    {
        "none" => null,
        "minimal" => MinimumBudget,
        "low" => 2048,
        "high" => 16384,
        "xhigh" => 32768,
        _ => 8192,
    };

    /// <summary>The OpenAI effort for a neutral reasoning setting, or null when it names none.</summary>
    public static string? Effort(NeutralReasoning? reasoning) =>
        reasoning?.Effort ?? (reasoning?.BudgetTokens is { } budget ? EffortFor(budget) : null);
}
