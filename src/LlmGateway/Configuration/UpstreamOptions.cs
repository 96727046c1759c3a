namespace LlmGateway.Configuration;

/// <summary>One upstream server (<c>Gateway:Upstreams:NAME</c>).</summary>
public sealed class UpstreamOptions
{
    /// <summary>Base URL such as <c>http://127.0.0.1:1234/v1</c>; API paths are appended. <c>builtin://echo</c> is the in-process echo upstream.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The APIs the upstream speaks natively: <c>messages</c>, <c>responses</c>, <c>chat-completions</c>.</summary>
    public List<string> Apis { get; } = [];

    /// <summary>Optional key: sent as <c>x-api-key</c> to Messages upstreams and as a Bearer token otherwise.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Connection set-up timeout (default 10 s); see <see cref="TimeoutOptions"/>.</summary>
    public TimeSpan? ConnectTimeout { get; set; }

    /// <summary>Time to the response headers and to the first client bytes of a stream (default 120 s).</summary>
    public TimeSpan? FirstTokenTimeout { get; set; }

    /// <summary>Longest upstream silence once streaming (default 120 s).</summary>
    public TimeSpan? IdleTimeout { get; set; }

    /// <summary>Optional active check: <c>GET BaseUrl + Path</c> every <c>Interval</c>; a failing upstream's deployments are skipped while others are healthy.</summary>
    public HealthCheckOptions? HealthCheck { get; set; }
}
