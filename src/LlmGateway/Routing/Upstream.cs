using System.Collections.Frozen;
using LlmGateway.Configuration;
using LlmGateway.Protocols;

namespace LlmGateway.Routing;

/// <summary>An upstream server as routing sees it: where it is, which APIs it speaks natively, its key.</summary>
internal sealed class Upstream
{
    public Upstream(string name, string baseUrl, IEnumerable<WireApi> apis, string? apiKey, string? healthCheckPath = null, TimeSpan? healthCheckInterval = null)
    {
        HealthCheckPath = healthCheckPath;
        HealthCheckInterval = healthCheckInterval ?? TimeSpan.FromSeconds(30);
        Name = name;
        BaseUrl = baseUrl.TrimEnd('/');
        Apis = apis.ToFrozenSet();
        ApiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        IsBuiltinEcho = BuiltinUpstreams.IsBuiltin(BaseUrl);
    }

    public string Name { get; }

    /// <summary>Path of the active health check, or null when the upstream is only checked passively.</summary>
    public string? HealthCheckPath { get; }

    public TimeSpan HealthCheckInterval { get; }

    /// <summary>The configured base URL without a trailing slash.</summary>
    public string BaseUrl { get; }

    public FrozenSet<WireApi> Apis { get; }

    public string? ApiKey { get; }

    public bool IsBuiltinEcho { get; }

    public bool Speaks(WireApi api) => Apis.Contains(api);
}
