namespace LlmGateway.Transport.Streaming;

/// <summary>The timers of a <see cref="NormalizingReadStream"/>.</summary>
internal sealed class StreamTimeouts
{
    /// <summary>From the first upstream read to the first client bytes.</summary>
    public required TimeSpan FirstToken { get; init; }

    /// <summary>Longest wait for one upstream read once client bytes were produced.</summary>
    public required TimeSpan Idle { get; init; }

    /// <summary>How long an upstream read may stay silent before <see cref="KeepAliveFrame"/> is handed out.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>A whole frame that clients ignore (an SSE comment or a Messages ping); empty disables keepalives.</summary>
    public ReadOnlyMemory<byte> KeepAliveFrame { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
