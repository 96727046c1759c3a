namespace LlmGateway.Protocols.Requests;

public sealed class TextPart(string text) : NeutralPart
{
    public string Text { get; } = text;
}
