namespace LlmGateway.Protocols.Sse;

/// <summary>Receives complete SSE frames from an <see cref="SseFramer"/>.</summary>
public interface ISseFrameHandler
{
    /// <summary>One dispatched frame. Both spans are only valid during the call.</summary>
    /// <param name="eventName">The <c>event:</c> value, empty when the frame had none.</param>
    /// <param name="data">The <c>data:</c> lines joined with <c>\n</c>.</param>
    void OnFrame(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data);
}
