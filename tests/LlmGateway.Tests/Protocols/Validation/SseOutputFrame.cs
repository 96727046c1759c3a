using System.Text.Json.Nodes;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>One frame of the normalizer's SSE output, as the strict reader found it.</summary>
/// <param name="Position">Zero-based position among the event frames (comments and the sentinel excluded).</param>
/// <param name="Event">The <c>event:</c> value.</param>
/// <param name="Json">The <c>data:</c> line as text.</param>
/// <param name="Data">The parsed data object.</param>
public sealed record SseOutputFrame(int Position, string Event, string Json, JsonObject Data)
{
    public override string ToString() => $"#{Position} {Event}: {(Json.Length > 300 ? Json[..300] + "…" : Json)}";
}
