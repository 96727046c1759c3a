namespace LlmGateway.Protocols.Requests;

public sealed class NeutralToolChoice(ToolChoiceKind kind, string? name = null)
{
    public ToolChoiceKind Kind { get; } = kind;

    /// <summary>The tool's name for <see cref="ToolChoiceKind.Specific"/>.</summary>
    public string? Name { get; } = name;
}
