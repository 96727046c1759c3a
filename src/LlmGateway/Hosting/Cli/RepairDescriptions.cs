using LlmGateway.Protocols;

namespace LlmGateway.Hosting.Cli;

/// <summary>One short line per <see cref="RepairKind"/>, for reports read by people (the enum's docs, condensed).</summary>
internal static class RepairDescriptions
{
    public static string Describe(RepairKind kind) => kind switch
    {
        RepairKind.MissingEventName => "frames without an event: line (name taken from data.type)",
        RepairKind.UnparsableFrame => "frames that were not JSON (skipped)",
        RepairKind.DoneSentinel => "a data: [DONE] sentinel this API does not have",
        RepairKind.MissingStart => "no start event (message_start / response.created)",
        RepairKind.DuplicateStart => "a second start event (dropped)",
        RepairKind.MissingBlockStart => "deltas with no open block or item (one was opened)",
        RepairKind.MissingBlockStop => "blocks or items never closed (closed by the gateway)",
        RepairKind.BadIndex => "negative, reused, skipped or missing block indices (renumbered)",
        RepairKind.DeltaKindMismatch => "deltas of another kind than their block (moved to a block of their own)",
        RepairKind.ContentInStart => "content inside a start payload (moved into deltas)",
        RepairKind.MissingUsage => "no message_delta, or one without usage",
        RepairKind.MissingStop => "no message_stop",
        RepairKind.BadItemId => "item ids missing, equal to the response id, or changing",
        RepairKind.BadResponseId => "a response id that changed between lifecycle events",
        RepairKind.BadSequence => "missing or wrong sequence_number / output_index / content_index",
        RepairKind.ContentOnlyInDone => "content only in a .done event or the terminal response (streamed as deltas)",
        RepairKind.MissingDone => "missing .done events (synthesized)",
        RepairKind.IncompleteTerminal => "a terminal response without output or usage",
        RepairKind.NullLogprobs => "logprobs: null (replaced by [])",
        RepairKind.FloatCreatedAt => "a non-integer created_at (truncated)",
        RepairKind.InvalidToolInput => "invalid tool input JSON (repaired or replaced by {})",
        RepairKind.EmptyBlock => "empty text blocks (dropped)",
        RepairKind.BodyForStream => "one JSON body for a streaming request (events synthesized)",
        RepairKind.Truncated => "the stream ended without its terminal event",
        RepairKind.StopReason => "a stop reason missing or contradicting the content",
        RepairKind.DroppedEvent => "unknown events that could not be placed (dropped)",
        _ => kind.ToString(),
    };
}
