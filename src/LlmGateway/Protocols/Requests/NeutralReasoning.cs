namespace LlmGateway.Protocols.Requests;

/// <summary>How much the model should think: an OpenAI effort word, an Anthropic token budget, or both unknown (adaptive).</summary>
public sealed class NeutralReasoning
{
    /// <summary><c>none</c>, <c>minimal</c>, <c>low</c>, <c>medium</c>, <c>high</c>, <c>xhigh</c> as the client wrote it.</summary>
    public string? Effort { get; init; }

    /// <summary>Anthropic <c>thinking.budget_tokens</c>.</summary>
    public long? BudgetTokens { get; init; }

    /// <summary>Anthropic <c>thinking.type:"adaptive"</c>: thinking on, depth left to the model.</summary>
    public bool Adaptive { get; init; }

    /// <summary>Responses <c>reasoning.summary</c>.</summary>
    public string? Summary { get; init; }
}
