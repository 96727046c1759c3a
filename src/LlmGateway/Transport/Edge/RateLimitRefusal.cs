namespace LlmGateway.Transport.Edge;

/// <summary>Why <see cref="KeyRateLimiter"/> refused a request: the limit that was reached (for the message) and when to retry.</summary>
internal sealed record RateLimitRefusal(string Limit, TimeSpan RetryAfter);
