namespace LlmGateway.Protocols.Requests;

/// <summary>Who speaks a turn. System text is not a turn (see <see cref="NeutralRequest.System"/>); tool results are user parts.</summary>
public enum NeutralRole
{
    User,
    Assistant,
}
