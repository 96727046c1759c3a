using LlmGateway.Observability;

namespace LlmGateway.Transport.Edge;

/// <summary>
/// Outermost gateway middleware: gives each request its id and <see cref="GatewayRequestContext"/> (with the running
/// configuration as it is now, kept to the end of the request), stamps the id headers,
/// and writes one log line per <c>/v1</c> request once the response body has been sent.
/// </summary>
internal sealed class RequestTrackingMiddleware(
    RequestDelegate next,
    TimeProvider timeProvider,
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

                LogCompletion(context, gateway);
            }
        }
    }

    private void LogCompletion(HttpContext context, GatewayRequestContext gateway)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var report = gateway.Report;
        long? timeToFirstByte = gateway.FirstByteTimestamp is { } firstByte ? ElapsedMs(gateway.StartTimestamp, firstByte) : null;
        var duration = ElapsedMs(gateway.StartTimestamp, timeProvider.GetTimestamp());
        var repairDetail = report?.Describe() ?? string.Empty;
        GatewayLog.RequestCompleted(
            logger,
            gateway.RequestId,
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Response.StatusCode,
            gateway.KeyName,
            gateway.Group?.Name,
            gateway.Deployment?.Upstream.Name,
            gateway.Deployment?.Model,
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
