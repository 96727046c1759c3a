namespace LlmGateway.Protocols.Requests;

/// <summary>One turn: a role and its parts in order.</summary>
public sealed class NeutralMessage(NeutralRole role)
{
    public NeutralRole Role { get; } = role;

    public List<NeutralPart> Parts { get; } = [];
}
