using LlmGateway.Observability;
using LlmGateway.Protocols;

namespace LlmGateway.Transport.Edge;

/// <summary>
/// Outermost gateway middleware: gives each request its id and <see cref="GatewayRequestContext"/> (with the running
/// configuration as it is now, kept to the end of the request), stamps the id headers, and records metrics and writes
/// one log line per <c>/v1</c> request once the response body has been sent.
/// </summary>
internal sealed class RequestTrackingMiddleware(
    RequestDelegate next,
    TimeProvider timeProvider,
    GatewayMetrics metrics,
    RunningConfiguration configuration,
    ILogger<RequestTrackingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var gateway = new GatewayRequestContext(RequestIds.Next(), ClientApiResolver.Resolve(context.Request.Path), timeProvider, configuration.Current);
        context.Features.Set(gateway);

        // At response start rather than now: upstream headers and YARP's error handling (Response.Clear) come in between.
        context.Response.OnStarting(static state =>
        {
            var (httpContext, requestContext) = ((HttpContext, GatewayRequestContext))state;
            RequestIdHeaders.Apply(httpContext.Response.Headers, requestContext);
            GatewayResponseHeaders.Apply(httpContext.Response.Headers, requestContext);
            return Task.CompletedTask;
        }, (context, gateway));

        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            gateway.Error ??= $"unhandled {ex.GetType().Name}";
            throw;
        }
        finally
        {
            if (ClientApiResolver.IsApiRequest(context.Request.Path))
            {
                if (context.RequestAborted.IsCancellationRequested)
                {
                    gateway.Error ??= "client disconnected";
                }

                var completed = timeProvider.GetTimestamp();
                RecordMetrics(context, gateway, completed);
                LogCompletion(context, gateway, completed);
            }
        }
    }

    private void RecordMetrics(HttpContext context, GatewayRequestContext gateway, long completed)
    {
        var status = context.Response.StatusCode;
        var report = gateway.Report;
        var group = gateway.Group?.Name ?? MetricLabels.UnknownGroup;
        var deployment = gateway.Deployment?.Name ?? MetricLabels.NoDeployment;

        // A non-streamed body arrives all at once, so only streamed successes have a first token worth timing.
        double? firstToken = gateway.ClientStreams && status is >= 200 and < 300 && gateway.FirstByteTimestamp is { } firstByte
            ? timeProvider.GetElapsedTime(gateway.StartTimestamp, firstByte).TotalSeconds
            : null;
        metrics.RequestCompleted(new RequestOutcome(
            MetricLabels.Route(context.Request.Path),
            group,
            deployment,
            MetricLabels.Status(status),
            timeProvider.GetElapsedTime(gateway.StartTimestamp, completed).TotalSeconds,
            firstToken,
            gateway.Overhead?.TotalSeconds,
            report?.InputTokens,
            report?.OutputTokens));

        if (report is not { TotalRepairs: > 0 })
        {
            return;
        }

        var upstreamApi = WireApiNames.ToName(gateway.UpstreamApi);
        foreach (var kind in MetricLabels.RepairKinds)
        {
            if (report.Count(kind) is > 0 and var count)
            {
                metrics.Repaired(group, deployment, upstreamApi, MetricLabels.Repair(kind), count);
            }
        }
    }

    private void LogCompletion(HttpContext context, GatewayRequestContext gateway, long completed)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var report = gateway.Report;
        long? timeToFirstByte = gateway.FirstByteTimestamp is { } firstByte ? ElapsedMs(gateway.StartTimestamp, firstByte) : null;
        var duration = ElapsedMs(gateway.StartTimestamp, completed);
        var repairDetail = report?.Describe() ?? string.Empty;
        GatewayLog.RequestCompleted(
            logger,
            gateway.RequestId,
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Response.StatusCode,
            gateway.KeyName,
            gateway.Group?.Name,
            gateway.Deployment?.Name,
            gateway.UpstreamStatus,
            timeToFirstByte,
            duration,
            report?.InputTokens,
            report?.OutputTokens,
            report?.TotalRepairs ?? 0,
            repairDetail,
            gateway.Error);
    }

    private long ElapsedMs(long start, long end) => (long)timeProvider.GetElapsedTime(start, end).TotalMilliseconds;
}
