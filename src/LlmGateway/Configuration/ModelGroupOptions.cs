namespace LlmGateway.Configuration;

/// <summary>A model group (<c>Gateway:ModelGroups:NAME</c>); its name is what clients send as <c>model</c>.</summary>
public sealed class ModelGroupOptions
{
    public List<DeploymentOptions> Deployments { get; } = [];

    /// <summary>How Responses clients get reasoning: <c>summary</c> (default; rendered by the AI SDK and Codex) or <c>text</c> (raw <c>reasoning_text</c>).</summary>
    public string? ReasoningAs { get; set; }

    /// <summary><c>weighted-random</c> (default), <c>round-robin</c>, <c>least-busy</c> (fewest in flight) or <c>lowest-latency</c> (moving average of time to first byte).</summary>
    public string? LoadBalancing { get; set; }

    /// <summary>More attempts after a failure before the first byte (connection failures, timeouts, 408, 429, 5xx, 529); default 2.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>Groups tried in order, with their own retries, when every attempt on this group failed.</summary>
    public List<string> Fallbacks { get; } = [];

    /// <summary>Failures within a minute that cool a deployment down; default 3.</summary>
    public int AllowedFails { get; set; } = 3;

    /// <summary>How long a failing deployment is skipped while others are healthy (or the upstream's Retry-After); default 30 s.</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Overrides of the deployments' upstream timeouts for this group (<c>Timeouts:IdleTimeout</c>, ...).</summary>
    public TimeoutOptions Timeouts { get; set; } = new();
}
