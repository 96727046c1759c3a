namespace LlmGateway.Configuration;

/// <summary>The <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>32 MiB: generous for long conversations with images, small enough to buffer.</summary>
    public const long DefaultMaxRequestBodyBytes = 32L * 1024 * 1024;

    /// <summary>When set, every <c>/v1</c> request must carry it as <c>x-api-key</c> or <c>Authorization: Bearer</c>.</summary>
    public string? MasterKey { get; set; }

    /// <summary>Client keys with their own model groups and rate limits; when any are set, every <c>/v1</c> request needs a key.</summary>
    public List<ApiKeyOptions> ApiKeys { get; } = [];

    /// <summary>Allows starting without <see cref="MasterKey"/> on a non-loopback listen address.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>15 s: well below the idle timeouts of common proxies and load balancers (often 30-60 s).</summary>
    public static readonly TimeSpan DefaultKeepAliveInterval = TimeSpan.FromSeconds(15);

    /// <summary>While a streaming upstream is silent, clients get a ping (Messages) or an SSE comment this often.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = DefaultKeepAliveInterval;

    /// <summary>Upstream servers by name.</summary>
    public Dictionary<string, UpstreamOptions> Upstreams { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Model groups by the model name clients send.</summary>
    public Dictionary<string, ModelGroupOptions> ModelGroups { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Settings of the built-in <c>builtin://echo</c> upstream.</summary>
    public EchoOptions Echo { get; set; } = new();
}
