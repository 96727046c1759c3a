namespace LlmGateway.Protocols;

/// <summary>Why an upstream body stopped before its end.</summary>
public enum UpstreamFailureKind
{
    /// <summary>Connection reset or another transport error while reading the body.</summary>
    Transport,

    /// <summary>No data within the idle timeout.</summary>
    Timeout,

    /// <summary>The gateway is shutting down or the request was cancelled.</summary>
    Cancelled,
}

/// <summary>A mid-body upstream failure, reported to the client as the protocol's error event.</summary>
public readonly record struct UpstreamFailure(UpstreamFailureKind Kind, string Message);
