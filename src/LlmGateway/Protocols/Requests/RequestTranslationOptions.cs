namespace LlmGateway.Protocols.Requests;

public sealed class RequestTranslationOptions
{
    /// <summary>Replaces the client's <c>model</c>.</summary>
    public required string UpstreamModel { get; init; }

    /// <summary>
    /// Drop Messages <c>thinking</c> blocks without a signature when the upstream speaks Messages: Anthropic rejects
    /// them, and they come from clients replaying reasoning that a non-Anthropic upstream produced.
    /// </summary>
    public bool StripUnsignedThinking { get; init; } = true;
}
