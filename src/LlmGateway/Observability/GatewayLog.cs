namespace LlmGateway.Observability;

/// <summary>The gateway's own log events. Never pass key values, headers or prompt text to these.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(
        EventId = 1,
        EventName = "RequestCompleted",
        Level = LogLevel.Information,
        Message = "{RequestId} {Method} {Route} {StatusCode} key={Key} group={Group} deployment={Deployment} upstream_status={UpstreamStatus} " +
                  "ttfb_ms={TimeToFirstByteMs} duration_ms={DurationMs} input_tokens={InputTokens} output_tokens={OutputTokens} " +
                  "repairs={Repairs} [{RepairDetail}] error={Error}")]
    public static partial void RequestCompleted(
        ILogger logger,
        string requestId,
        string method,
        string route,
        int statusCode,
        string key,
        string? group,
        string? deployment,
        int? upstreamStatus,
        long? timeToFirstByteMs,
        long durationMs,
        long? inputTokens,
        long? outputTokens,
        int repairs,
        string repairDetail,
        string? error);
}
