namespace LlmGateway.Configuration;

/// <summary>An upstream's active health check (<c>Gateway:Upstreams:NAME:HealthCheck</c>).</summary>
public sealed class HealthCheckOptions
{
    /// <summary>Path appended to the upstream's base URL, e.g. <c>/models</c>.</summary>
    public string? Path { get; set; }

    /// <summary>Time between checks; default 30 s.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}
