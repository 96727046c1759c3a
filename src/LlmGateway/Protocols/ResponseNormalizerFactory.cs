using System.Buffers;

namespace LlmGateway.Protocols;

/// <summary>Creates the normalizer for one response from the client and upstream APIs and body kinds.</summary>
public sealed class ResponseNormalizerFactory
{
    public IResponseNormalizer Create(NormalizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // TEMPORARY until the protocol layer lands: copies bytes unchanged.
        return new TemporaryPassThrough(options.UpstreamStreams ? "text/event-stream" : "application/json");
    }

    private sealed class TemporaryPassThrough(string contentType) : IResponseNormalizer
    {
        public string ContentType { get; } = contentType;

        public bool IsTerminated { get; private set; }

        public NormalizationReport Report { get; } = new();

        public void Write(ReadOnlySpan<byte> upstream, IBufferWriter<byte> output) => output.Write(upstream);

        public void Complete(IBufferWriter<byte> output) => IsTerminated = true;

        public void Fail(UpstreamFailure failure, IBufferWriter<byte> output) => IsTerminated = true;
    }
}
