namespace LlmGateway.Protocols.Requests;

/// <summary>A non-text document (a PDF) from a Messages <c>document</c> block; plain-text documents become <see cref="TextPart"/>s.</summary>
public sealed class DocumentPart : NeutralPart
{
    public string? MediaType { get; init; }

    /// <summary>Base64 bytes.</summary>
    public string? Data { get; init; }

    public string? Url { get; init; }

    public string? Title { get; init; }
}
