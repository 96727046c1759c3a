namespace LlmGateway.Configuration;

/// <summary>
/// Upstream timeouts. Flat keys on an upstream (<c>Gateway:Upstreams:NAME:IdleTimeout</c>) or, as overrides, in a model
/// group's <c>Timeouts</c> section (<c>Gateway:ModelGroups:NAME:Timeouts:IdleTimeout</c>). Unset values fall back to the
/// upstream's, then to the defaults. There is deliberately no total cap: long generations are normal.
/// </summary>
public sealed class TimeoutOptions
{
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Prompt processing of a long context can take minutes before the first token.</summary>
    public static readonly TimeSpan DefaultFirstTokenTimeout = TimeSpan.FromSeconds(120);

    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(120);

    /// <summary>TCP (and TLS) connection set-up to the upstream.</summary>
    public TimeSpan? ConnectTimeout { get; set; }

    /// <summary>From sending the request to the response headers, and from the headers to the first client bytes (streaming requests).</summary>
    public TimeSpan? FirstTokenTimeout { get; set; }

    /// <summary>Longest silence between upstream reads once the stream has produced output.</summary>
    public TimeSpan? IdleTimeout { get; set; }
}
