namespace LlmGateway.Protocols.Requests;

/// <summary>
/// Drops the parts a writer cannot carry, then the turns left empty, then merges the neighbours that now share a role:
/// chat templates and Messages want alternating turns even when, say, a reasoning-only assistant turn disappears.
/// </summary>
internal static class TurnCompactor
{
    public static List<NeutralMessage> Compact(List<NeutralMessage> messages, Func<NeutralPart, bool> keep)
    {
        var result = new List<NeutralMessage>(messages.Count);
        foreach (var message in messages)
        {
            var parts = message.Parts.Where(keep).ToList();
            if (parts.Count == 0)
            {
                continue;
            }

            if (result.Count == 0 || result[^1].Role != message.Role)
            {
                result.Add(new NeutralMessage(message.Role));
            }

            result[^1].Parts.AddRange(parts);
        }

        return result;
    }
}
