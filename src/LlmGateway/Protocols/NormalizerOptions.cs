namespace LlmGateway.Protocols;

/// <summary>Per-response inputs of a normalizer.</summary>
public sealed class NormalizerOptions
{
    /// <summary>The API the client called.</summary>
    public required WireApi ClientApi { get; init; }

    /// <summary>The API the upstream answered in.</summary>
    public required WireApi UpstreamApi { get; init; }

    /// <summary>True when the client asked for a stream (SSE); false for one JSON body.</summary>
    public required bool ClientStreams { get; init; }

    /// <summary>True when the upstream's Content-Type declared SSE. Informational: servers mislabel bodies, so the body's first byte decides.</summary>
    public required bool UpstreamStreams { get; init; }

    /// <summary>The model name the client sent (the model group); echoed in responses.</summary>
    public required string RequestedModel { get; init; }

    /// <summary>The gateway's request id, repeated in Anthropic error bodies as <c>request_id</c>.</summary>
    public string? RequestId { get; init; }

    /// <summary>Write a trailing <c>data: [DONE]</c> after the Responses terminal event (off by default).</summary>
    public bool ResponsesDoneSentinel { get; init; }

    /// <summary>Responses clients get reasoning as raw <c>reasoning_text</c> parts instead of summary parts (group option <c>ReasoningAs: "text"</c>).</summary>
    public bool ReasoningAsText { get; init; }

    /// <summary>
    /// Chat Completions clients: write the usage chunk (<c>choices: []</c>) before <c>[DONE]</c>, as for
    /// <c>stream_options.include_usage</c> (off by default, as in OpenAI's API).
    /// </summary>
    public bool IncludeUsage { get; init; }

    /// <summary>The request fields a Responses response echoes (a raw JSON object), for upstreams of another API.</summary>
    public byte[]? ResponsesEcho { get; init; }

    /// <summary>The clock for synthesized timestamps (<c>created_at</c>).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
