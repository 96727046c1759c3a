namespace LlmGateway.Observability;

/// <summary>What <see cref="GatewayMetrics.RequestCompleted"/> records about one completed request; labels are bounded values.</summary>
/// <param name="Route">The API route (a fixed set of paths, or <c>other</c>).</param>
/// <param name="Group">The model group that served the request, or a fixed placeholder.</param>
/// <param name="Deployment">The deployment's configured name, or a fixed placeholder; never a URL.</param>
/// <param name="Status">The HTTP status sent to the client.</param>
internal readonly record struct RequestOutcome(
    string Route,
    string Group,
    string Deployment,
    string Status,
    double DurationSeconds,
    double? FirstTokenSeconds,
    double? OverheadSeconds,
    long? InputTokens,
    long? OutputTokens);
