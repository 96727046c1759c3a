namespace LlmGateway.Protocols.Requests;

/// <summary>A piece of a turn: <see cref="TextPart"/>, <see cref="ImagePart"/>, <see cref="DocumentPart"/>, <see cref="ToolCallPart"/>, <see cref="ToolResultPart"/> or <see cref="ReasoningPart"/>.</summary>
public abstract class NeutralPart
{
    private protected NeutralPart()
    {
    }
}
