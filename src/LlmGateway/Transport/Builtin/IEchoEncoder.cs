namespace LlmGateway.Transport.Builtin;

/// <summary>Encodes an <see cref="EchoReply"/> the way one wire API would answer.</summary>
internal interface IEchoEncoder
{
    /// <summary>The SSE frames of a streamed answer, in order.</summary>
    IReadOnlyList<EchoFrame> Stream(EchoReply reply);

    /// <summary>The JSON body of a non-streamed answer.</summary>
    byte[] Body(EchoReply reply);
}
