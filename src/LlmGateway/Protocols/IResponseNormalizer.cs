using System.Buffers;

namespace LlmGateway.Protocols;

/// <summary>
/// Turns one upstream response body into the client API's response body: decode tolerantly, encode strictly.
/// One instance per response; pure, synchronous and not thread-safe. Transport feeds it bytes as they arrive.
/// </summary>
public interface IResponseNormalizer
{
    /// <summary>Content type of what <see cref="Write"/> produces (<c>text/event-stream</c> or <c>application/json</c>).</summary>
    string ContentType { get; }

    /// <summary>Feeds upstream bytes, split anywhere; writes whatever client bytes are ready.</summary>
    void Write(ReadOnlySpan<byte> upstream, IBufferWriter<byte> output);

    /// <summary>The upstream body ended cleanly (EOF). Writes the remaining events, or the protocol's error event when the upstream stopped short.</summary>
    void Complete(IBufferWriter<byte> output);

    /// <summary>The upstream failed mid-body (reset, timeout). Writes the protocol's error event unless a terminal event was already written.</summary>
    void Fail(UpstreamFailure failure, IBufferWriter<byte> output);

    /// <summary>True once a terminal event (or the whole JSON body) has been written; later input is ignored.</summary>
    bool IsTerminated { get; }

    /// <summary>What the normalizer saw and repaired, for logs and metrics.</summary>
    NormalizationReport Report { get; }
}
