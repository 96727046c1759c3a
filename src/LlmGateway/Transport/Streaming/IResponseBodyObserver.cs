namespace LlmGateway.Transport.Streaming;

/// <summary>Told about the progress of a normalized response body, for timing and the request log.</summary>
internal interface IResponseBodyObserver
{
    /// <summary>The first non-empty chunk is about to reach the client.</summary>
    void OnFirstByte();

    /// <summary>The body ended: cleanly (<paramref name="error"/> null) or after an upstream failure.</summary>
    void OnCompleted(string? error);
}
