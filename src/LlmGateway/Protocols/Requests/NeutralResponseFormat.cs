namespace LlmGateway.Protocols.Requests;

/// <summary>Structured output: <c>text</c>, <c>json_object</c> or <c>json_schema</c>.</summary>
public sealed class NeutralResponseFormat(string type)
{
    public string Type { get; } = type;

    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary>Raw UTF-8 JSON schema for <c>json_schema</c>.</summary>
    public byte[]? SchemaJson { get; init; }

    public bool? Strict { get; init; }
}
