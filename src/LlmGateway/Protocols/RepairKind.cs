namespace LlmGateway.Protocols;

/// <summary>Kinds of upstream defects the normalizer repaired; counted per response for logs and metrics.</summary>
public enum RepairKind
{
    /// <summary>A frame had no <c>event:</c> line; its name was taken from <c>data.type</c>.</summary>
    MissingEventName,

    /// <summary>A frame could not be parsed as JSON and was skipped.</summary>
    UnparsableFrame,

    /// <summary>A <c>[DONE]</c> sentinel on an API that has none.</summary>
    DoneSentinel,

    /// <summary>The stream did not begin with its start event (<c>message_start</c>, <c>response.created</c>).</summary>
    MissingStart,

    /// <summary>A second start event was dropped.</summary>
    DuplicateStart,

    /// <summary>A delta arrived with no open block or item; one was opened for it.</summary>
    MissingBlockStart,

    /// <summary>A block or item was not closed by the upstream; it was closed.</summary>
    MissingBlockStop,

    /// <summary>A block index was negative, reused, skipped or missing; it was renumbered.</summary>
    BadIndex,

    /// <summary>A delta's kind did not match its block; it was moved to a block of its own.</summary>
    DeltaKindMismatch,

    /// <summary>A start payload carried content; it was moved into deltas.</summary>
    ContentInStart,

    /// <summary>The stop/usage event (<c>message_delta</c>) was missing or lacked usage.</summary>
    MissingUsage,

    /// <summary>The end event (<c>message_stop</c>) was missing.</summary>
    MissingStop,

    /// <summary>An item id was missing, was the response id, or changed from event to event.</summary>
    BadItemId,

    /// <summary>A response id changed between lifecycle events.</summary>
    BadResponseId,

    /// <summary><c>sequence_number</c>, <c>output_index</c> or <c>content_index</c> was missing or wrong.</summary>
    BadSequence,

    /// <summary>Content arrived only in a <c>.done</c> event (or the terminal response) and was streamed as deltas.</summary>
    ContentOnlyInDone,

    /// <summary>A <c>.done</c> event was missing and was synthesized.</summary>
    MissingDone,

    /// <summary>The terminal response lacked <c>output</c> or <c>usage</c>.</summary>
    IncompleteTerminal,

    /// <summary><c>logprobs: null</c> was replaced by an empty array.</summary>
    NullLogprobs,

    /// <summary>A non-integer <c>created_at</c> was truncated.</summary>
    FloatCreatedAt,

    /// <summary>Tool input JSON was invalid and was repaired or replaced by <c>{}</c>.</summary>
    InvalidToolInput,

    /// <summary>An empty text block was dropped.</summary>
    EmptyBlock,

    /// <summary>A whole JSON body answered a streaming request; the event sequence was synthesized from it.</summary>
    BodyForStream,

    /// <summary>The upstream stream ended without a terminal event.</summary>
    Truncated,

    /// <summary>A stop reason was missing or contradicted the content (e.g. tool calls with <c>end_turn</c>).</summary>
    StopReason,

    /// <summary>An unknown event was dropped because it could not be placed.</summary>
    DroppedEvent,
}
