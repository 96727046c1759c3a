namespace LlmGateway.Routing;

/// <summary>One model on one upstream within a model group.</summary>
internal sealed class Deployment(int index, Upstream upstream, string model, int weight, int? maxConcurrency = null, UpstreamTimeouts? timeouts = null)
{
    /// <summary>Requests in flight above which the deployment is skipped; null for unlimited.</summary>
    public int? MaxConcurrency { get; } = maxConcurrency;

    /// <summary>Position within the group's configuration; also the destination id in the transport layer.</summary>
    public int Index { get; } = index;

    public string Id { get; } = index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Upstream Upstream { get; } = upstream;

    /// <summary>The model name the upstream knows.</summary>
    public string Model { get; } = model;

    public int Weight { get; } = weight;

    /// <summary>The effective timeouts: the group's overrides, else the upstream's settings, else the defaults.</summary>
    public UpstreamTimeouts Timeouts { get; } = timeouts ?? UpstreamTimeouts.Default;
}
