using LlmGateway.Protocols.Sse;

namespace LlmGateway.Protocols;

/// <summary>Reads one upstream API's stream frames or whole body into neutral events.</summary>
public interface IUpstreamDecoder : ISseFrameHandler
{
    /// <summary>The upstream stream ended (EOF): finish cleanly, or report truncation.</summary>
    void Complete();

    /// <summary>Decodes a whole JSON body (non-streaming answer).</summary>
    void DecodeBody(ReadOnlySpan<byte> body);
}
