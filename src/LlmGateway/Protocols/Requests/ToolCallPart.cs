namespace LlmGateway.Protocols.Requests;

/// <summary>An assistant's tool call. The id is kept verbatim so the matching result still points at it.</summary>
public sealed class ToolCallPart(string id, string name, string argumentsJson) : NeutralPart
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    /// <summary>The arguments as JSON text (Messages <c>input</c> as written, or the OpenAI <c>arguments</c> string unescaped).</summary>
    public string ArgumentsJson { get; } = argumentsJson;
}
