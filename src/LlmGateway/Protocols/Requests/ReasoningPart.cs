namespace LlmGateway.Protocols.Requests;

/// <summary>
/// Replayed reasoning: Messages <c>thinking</c> / <c>redacted_thinking</c> or a Responses <c>reasoning</c> item.
/// Signatures are only meaningful to the API that issued them, hence <see cref="SourceApi"/>.
/// </summary>
public sealed class ReasoningPart : NeutralPart
{
    public required WireApi SourceApi { get; init; }

    public string Text { get; init; } = string.Empty;

    /// <summary>Messages <c>signature</c> or Responses <c>encrypted_content</c>.</summary>
    public string? Signature { get; init; }

    /// <summary>Messages <c>redacted_thinking.data</c>.</summary>
    public string? RedactedData { get; init; }

    /// <summary>Responses reasoning item id.</summary>
    public string? Id { get; init; }
}
