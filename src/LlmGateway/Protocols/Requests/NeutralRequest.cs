namespace LlmGateway.Protocols.Requests;

/// <summary>
/// A chat request with the meaning all three wire APIs share. Readers fill it from a client body; writers turn it
/// into an upstream body. Raw JSON (schemas, tool inputs) stays UTF-8 text so nothing is re-serialized by accident.
/// </summary>
public sealed class NeutralRequest
{
    /// <summary>System / developer / <c>instructions</c> texts in order; writers join them with blank lines.</summary>
    public List<string> System { get; } = [];

    /// <summary>Turns in order; readers merge consecutive turns of the same role.</summary>
    public List<NeutralMessage> Messages { get; } = [];

    public List<NeutralTool> Tools { get; } = [];

    public NeutralToolChoice? ToolChoice { get; set; }

    /// <summary>Null when the client did not say (each API has its own default).</summary>
    public bool? ParallelToolCalls { get; set; }

    public long? MaxTokens { get; set; }

    public double? Temperature { get; set; }

    public double? TopP { get; set; }

    public long? TopK { get; set; }

    public List<string> Stop { get; } = [];

    public NeutralReasoning? Reasoning { get; set; }

    /// <summary>End-user id (<c>metadata.user_id</c>, <c>user</c>, <c>safety_identifier</c>).</summary>
    public string? User { get; set; }

    public NeutralResponseFormat? ResponseFormat { get; set; }

    /// <summary>OpenAI <c>verbosity</c> (chat) / <c>text.verbosity</c> (Responses).</summary>
    public string? Verbosity { get; set; }

    public bool Stream { get; set; }

    /// <summary>Appends a turn, merging it into the previous one when the role repeats (templates want alternation).</summary>
    public NeutralMessage Turn(NeutralRole role)
    {
        if (Messages.Count > 0 && Messages[^1].Role == role)
        {
            return Messages[^1];
        }

        var message = new NeutralMessage(role);
        Messages.Add(message);
        return message;
    }
}
