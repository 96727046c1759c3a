namespace LlmGateway.Configuration;

/// <summary>One deployment of a model group: a model on an upstream.</summary>
public sealed class DeploymentOptions
{
    /// <summary>
    /// What headers, metrics and logs call the deployment (never its URL); defaults to <c>{Upstream}/{Model}</c>.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>Name of an entry in <c>Gateway:Upstreams</c>.</summary>
    public string? Upstream { get; set; }

    /// <summary>The model name the upstream knows; replaces the client's <c>model</c>.</summary>
    public string? Model { get; set; }

    /// <summary>Relative share of traffic among the group's eligible deployments.</summary>
    public int Weight { get; set; } = 1;

    /// <summary>Requests in flight above which the deployment is skipped (not queued); unlimited when unset.</summary>
    public int? MaxConcurrency { get; set; }
}
