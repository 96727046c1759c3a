namespace LlmGateway.Protocols.Neutral;

/// <summary>
/// The neutral event stream between an upstream-API decoder and a client-API encoder. Decoders call it in
/// upstream order; encoders own every index, id, sequence number and lifecycle event of their API and must
/// tolerate any order (a delta with no open block, a block start over an open one, events after the end).
/// </summary>
public interface IResponseEventSink
{
    void Start(in StartEvent e);

    void BlockStart(in BlockStartEvent e);

    void Delta(in DeltaEvent e);

    void BlockEnd(in BlockEndEvent e);

    void Usage(in UsageEvent e);

    void Finish(in FinishEvent e);

    /// <summary>An event of the source API the neutral model does not place (e.g. <c>ping</c>); encoders of that API re-emit it in order.</summary>
    void Passthrough(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> rawData);

    /// <summary>The upstream finished cleanly; write the terminal events.</summary>
    void Complete();

    /// <summary>The upstream failed; write the protocol's error event.</summary>
    void Fail(in ErrorEvent e);

    /// <summary>True once <see cref="Complete"/> or <see cref="Fail"/> has been handled.</summary>
    bool IsTerminated { get; }
}
