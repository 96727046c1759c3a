using LlmGateway.Protocols;

namespace LlmGateway.Hosting.Cli;

/// <summary>What one <c>doctor</c> probe found.</summary>
/// <param name="Api">The API probed (the upstream's, and the client's: the stream is normalized into the same API).</param>
/// <param name="Status">The HTTP status, or null when no response came.</param>
/// <param name="FirstByte">Time to the first body byte.</param>
/// <param name="FirstToken">Time to the first content delta of the normalized stream.</param>
/// <param name="Total">Time to the end of the stream (or the failure).</param>
/// <param name="Report">The normalizer's report, when a success body was read.</param>
/// <param name="Reply">The start of the reply text.</param>
/// <param name="Error">Why the probe failed, or null when the upstream answered.</param>
internal sealed record ProbeResult(
    WireApi Api,
    int? Status,
    TimeSpan? FirstByte,
    TimeSpan? FirstToken,
    TimeSpan Total,
    NormalizationReport? Report,
    string Reply,
    string? Error)
{
    /// <summary>True when the upstream answered with a complete stream (repaired or not).</summary>
    public bool Answered => Error is null;

    public static ProbeResult Failed(WireApi api, int? status, TimeSpan total, string error, NormalizationReport? report = null, TimeSpan? firstByte = null) =>
        new(api, status, firstByte, null, total, report, string.Empty, error);
}
