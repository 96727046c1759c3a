namespace LlmGateway.Protocols.Requests;

/// <summary>A tool's answer, sent in a user turn; its content is text and images.</summary>
public sealed class ToolResultPart(string callId) : NeutralPart
{
    /// <summary>Prefixed to the text for APIs without an error flag (chat, Responses), so the model still sees the failure.</summary>
    public const string ErrorPrefix = "Error: ";

    public string CallId { get; } = callId;

    public List<NeutralPart> Content { get; } = [];

    public bool IsError { get; init; }

    /// <summary>The text parts joined, with <see cref="ErrorPrefix"/> when the result is an error.</summary>
    public string JoinedText()
    {
        var text = string.Join("\n\n", Content.OfType<TextPart>().Select(t => t.Text));
        return IsError ? ErrorPrefix + text : text;
    }
}
