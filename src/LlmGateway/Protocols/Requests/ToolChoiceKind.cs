namespace LlmGateway.Protocols.Requests;

public enum ToolChoiceKind
{
    Auto,
    None,

    /// <summary>Some tool must be called (Messages <c>any</c>).</summary>
    Required,

    /// <summary>The named tool must be called.</summary>
    Specific,
}
