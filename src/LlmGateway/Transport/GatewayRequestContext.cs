using LlmGateway.Configuration;
using LlmGateway.Protocols;
using LlmGateway.Routing;
using LlmGateway.Transport.Edge;
using LlmGateway.Transport.Streaming;

namespace LlmGateway.Transport;

/// <summary>
/// Per-request state shared by the gateway's middleware, transforms and the response stream (an HttpContext feature).
/// Filled in as the request advances; read once at the end for the request log line.
/// </summary>
internal sealed class GatewayRequestContext(string requestId, WireApi clientApi, TimeProvider timeProvider, ConfigurationSnapshot configuration) : IResponseBodyObserver
{
    private long _upstreamWaitTicks;

    public string RequestId { get; } = requestId;

    /// <summary>The configuration the request runs with from start to end, whatever a reload does meanwhile.</summary>
    public ConfigurationSnapshot Configuration { get; } = configuration;

    /// <summary>The API whose shape the client expects, errors included.</summary>
    public WireApi ClientApi { get; } = clientApi;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public long StartTimestamp { get; } = timeProvider.GetTimestamp();

    /// <summary>The key the caller authenticated with; null when the gateway has no keys (anonymous).</summary>
    public CallerKey? Caller { get; set; }

    /// <summary>What the request log calls the caller: the key's name, <c>master</c> or <c>anonymous</c>; never the key itself.</summary>
    public string KeyName => Caller?.Name ?? CallerKeyNames.Anonymous;

    /// <summary>The model name the client sent (the group name as the client wrote it).</summary>
    public string? RequestedModel { get; set; }

    public bool ClientStreams { get; set; }

    /// <summary>A Chat Completions client asked for a usage chunk (<c>stream_options.include_usage</c>).</summary>
    public bool IncludeUsage { get; set; }

    /// <summary>The request fields a Responses response echoes (a JSON object), when the upstream does not speak Responses.</summary>
    public byte[]? ResponsesEcho { get; set; }

    public ModelGroup? Group { get; set; }

    public Deployment? Deployment { get; set; }

    /// <summary>The API the deployment is called with: the client's own, or the one a translation goes through.</summary>
    public WireApi UpstreamApi { get; set; }

    /// <summary>Length of the rewritten body placed in <c>HttpContext.Request.Body</c>.</summary>
    public long ForwardedBodyLength { get; set; }

    public int? UpstreamStatus { get; set; }

    /// <summary>Another attempt may follow this one (retries or fallback groups left), so a retryable answer is held back.</summary>
    public bool CanRetry { get; set; }

    /// <summary>This attempt got a retryable status (408, 429, 5xx, 529) whose body was held back.</summary>
    public bool RetryableFailure { get; set; }

    /// <summary>The upstream's Retry-After on this attempt, if any.</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>Attempts made after the first (retries and fallbacks).</summary>
    public int Attempts { get; set; }

    /// <summary>When the first response body byte was handed to the server (or a whole error body was ready).</summary>
    public long? FirstByteTimestamp { get; private set; }

    /// <summary>
    /// Time spent waiting rather than working: on upstream response headers, on upstream body bytes read before the
    /// response starts, and in retry backoff. Attempts run one after another, so no synchronisation is needed.
    /// </summary>
    public TimeSpan UpstreamWait => TimeProvider.GetElapsedTime(0, _upstreamWaitTicks);

    /// <summary>The gateway's own time up to the response start (<see cref="MarkResponseStarting"/>); null before.</summary>
    public TimeSpan? Overhead { get; private set; }

    public NormalizationReport? Report { get; set; }

    /// <summary>A short, secret-free description of what went wrong, for the log line.</summary>
    public string? Error { get; set; }

    /// <summary>Whether the caller's key may use <paramref name="group"/>; anonymous callers exist only on gateways without keys.</summary>
    public bool MayUse(ModelGroup group) => Caller?.MayUse(group.Name) ?? true;

    /// <summary>Set when a gateway timeout ended the upstream exchange; <see cref="GatewayFailureKind.FirstTokenTimeout"/> is retryable.</summary>
    public GatewayFailureKind FailureKind { get; set; }

    /// <summary>Carries this context on the upstream request to handlers inside the forwarder's HTTP client.</summary>
    public static HttpRequestOptionsKey<GatewayRequestContext> RequestOptionsKey { get; } = new("LlmGateway.Request");

    public void OnFirstByte() => FirstByteTimestamp ??= TimeProvider.GetTimestamp();

    /// <summary>Adds the time since <paramref name="startTimestamp"/> to <see cref="UpstreamWait"/>.</summary>
    public void AddUpstreamWait(long startTimestamp) => _upstreamWaitTicks += TimeProvider.GetTimestamp() - startTimestamp;

    /// <summary>Fixes <see cref="Overhead"/> as the response starts: the time so far minus <see cref="UpstreamWait"/>.</summary>
    public TimeSpan MarkResponseStarting()
    {
        var overhead = TimeProvider.GetElapsedTime(StartTimestamp) - UpstreamWait;
        Overhead = overhead > TimeSpan.Zero ? overhead : TimeSpan.Zero;
        return Overhead.Value;
    }

    public void OnCompleted(string? error)
    {
        if (error is not null)
        {
            Error ??= error;
        }
    }
}
