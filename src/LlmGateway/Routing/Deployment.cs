namespace LlmGateway.Routing;

/// <summary>One model on one upstream within a model group.</summary>
internal sealed class Deployment(int index, Upstream upstream, string model, int weight, int? maxConcurrency = null, UpstreamTimeouts? timeouts = null, string? name = null, string? group = null)
{
    /// <summary>Name of the model group the deployment belongs to; with <see cref="Name"/> it identifies the deployment across reloads.</summary>
    public string Group { get; } = group ?? string.Empty;

    /// <summary>What headers, metrics and logs call the deployment: configured, else <c>{upstream}/{model}</c>. Never a URL.</summary>
    public string Name { get; } = string.IsNullOrWhiteSpace(name) ? DefaultName(upstream.Name, model) : name;

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

    public static string DefaultName(string upstream, string model) => upstream + "/" + model;
}
