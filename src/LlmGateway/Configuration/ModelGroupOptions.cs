namespace LlmGateway.Configuration;

/// <summary>A model group (<c>Gateway:ModelGroups:NAME</c>); its name is what clients send as <c>model</c>.</summary>
public sealed class ModelGroupOptions
{
    public List<DeploymentOptions> Deployments { get; } = [];

    /// <summary>How Responses clients get reasoning: <c>summary</c> (default; rendered by the AI SDK and Codex) or <c>text</c> (raw <c>reasoning_text</c>).</summary>
    public string? ReasoningAs { get; set; }

    /// <summary>Overrides of the deployments' upstream timeouts for this group (<c>Timeouts:IdleTimeout</c>, ...).</summary>
    public TimeoutOptions Timeouts { get; set; } = new();
}
