using System.Collections.Immutable;
using System.Globalization;
using LlmGateway.Protocols;

namespace LlmGateway.Transport.Edge;

/// <summary>
/// Metric label values drawn from fixed sets, so a client can never add series: routes the gateway serves, status
/// codes, repair kinds, and placeholders for a group or deployment that was never chosen. Cached to keep the
/// per-request recording free of string allocations.
/// </summary>
internal static class MetricLabels
{
    /// <summary>The group label of a request that never resolved one (bad body, unknown model, refused key).</summary>
    public const string UnknownGroup = "unknown";

    /// <summary>The deployment label of a request that no deployment answered.</summary>
    public const string NoDeployment = "none";

    /// <summary>A route outside the gateway's endpoints, or a status outside 0–599.</summary>
    public const string Other = "other";

    private const string Messages = "/v1/messages";
    private const string CountTokens = "/v1/messages/count_tokens";
    private const string Responses = "/v1/responses";
    private const string ChatCompletions = "/v1/chat/completions";
    private const string Models = "/v1/models";

    /// <summary>Every <see cref="RepairKind"/>, for walking a report without allocating.</summary>
    public static ImmutableArray<RepairKind> RepairKinds { get; } = [.. Enum.GetValues<RepairKind>()];

    private static readonly ImmutableArray<string> Statuses = [.. Enumerable.Range(0, 600).Select(code => code.ToString(CultureInfo.InvariantCulture))];

    private static readonly ImmutableArray<string> RepairKindNames = [.. RepairKinds.Select(kind => kind.ToString())];

    /// <summary>The route label of a <c>/v1</c> path: one of the gateway's endpoints, else <see cref="Other"/>.</summary>
    public static string Route(PathString path)
    {
        if (path.Equals(Messages, StringComparison.OrdinalIgnoreCase))
        {
            return Messages;
        }

        if (path.Equals(Responses, StringComparison.OrdinalIgnoreCase))
        {
            return Responses;
        }

        if (path.Equals(ChatCompletions, StringComparison.OrdinalIgnoreCase))
        {
            return ChatCompletions;
        }

        if (path.Equals(CountTokens, StringComparison.OrdinalIgnoreCase))
        {
            return CountTokens;
        }

        // /v1/models and /v1/models/{id}: the id is client text, so it is not part of the label.
        return path.StartsWithSegments(Models, StringComparison.OrdinalIgnoreCase) ? Models : Other;
    }

    public static string Status(int status) => (uint)status < (uint)Statuses.Length ? Statuses[status] : Other;

    public static string Repair(RepairKind kind) => RepairKindNames[(int)kind];
}
