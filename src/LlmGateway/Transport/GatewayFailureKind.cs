namespace LlmGateway.Transport;

/// <summary>Why the gateway gave up on an upstream, for middleware that decides what to do next (e.g. failover).</summary>
internal enum GatewayFailureKind
{
    None,

    /// <summary>No response headers or no first client bytes within the first-token timeout; nothing reached the client, so it is retryable.</summary>
    FirstTokenTimeout,
}
