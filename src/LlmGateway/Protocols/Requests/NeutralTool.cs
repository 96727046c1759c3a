namespace LlmGateway.Protocols.Requests;

/// <summary>A client-side function tool.</summary>
public sealed class NeutralTool(string name)
{
    public string Name { get; } = name;

    public string? Description { get; init; }

    /// <summary>The JSON schema of the arguments as raw UTF-8 JSON, or null when the client gave none.</summary>
    public byte[]? ParametersJson { get; init; }

    public bool? Strict { get; init; }
}
