using LlmGateway.Observability;
using LlmGateway.Protocols;
using LlmGateway.Protocols.Requests;
using LlmGateway.Routing;
using LlmGateway.Transport.Config;
using LlmGateway.Transport.Edge;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace LlmGateway.Transport.Pipeline;

/// <summary>
/// Proxy-pipeline step that turns the client's <c>model</c> into a deployment: reads the body once (bounded),
/// finds the model group, picks a deployment by weight among the native ones, rewrites the body's model, and
/// reassigns the request to the group's hidden route and cluster with that deployment as the only destination.
/// Groups, deployments, routes and clusters all come from the request's own configuration snapshot.
/// </summary>
internal sealed class ModelGroupSelectionMiddleware(
    RequestDelegate next,
    DeploymentSelector selector,
    DeploymentHealth health,
    TimeProvider time,
    ProxyTargetRegistry proxyTargets,
    GatewayMetrics metrics)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    public async Task InvokeAsync(HttpContext context)
    {
        var gateway = context.Features.GetRequiredFeature<GatewayRequestContext>();
        var clientApi = ClientApiOf(context) ?? gateway.ClientApi;
        var catalog = gateway.Configuration.Catalog;
        var maxBodyBytes = gateway.Configuration.Options.MaxRequestBodyBytes;

        var body = await RequestBodyReader.ReadAsync(context, maxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await ClientErrorWriter.WriteAsync(context, StatusCodes.Status413RequestEntityTooLarge,
                $"The request body is larger than the gateway's limit of {maxBodyBytes} bytes.").ConfigureAwait(false);
            return;
        }

        var error = ModelRequestReader.TryRead(body, out var request);
        if (error != ModelRequestError.None)
        {
            var param = error is ModelRequestError.InvalidJson or ModelRequestError.NotAnObject ? null : "model";
            await ClientErrorWriter.WriteAsync(context, StatusCodes.Status400BadRequest, Describe(error), param: param).ConfigureAwait(false);
            return;
        }

        gateway.RequestedModel = request.Model;
        gateway.ClientStreams = request.Stream;
        gateway.IncludeUsage = request.IncludeUsage;

        if (!catalog.TryGetGroup(request.Model, out var group))
        {
            await ClientErrorWriter.WriteAsync(context, StatusCodes.Status404NotFound,
                $"The model '{request.Model}' does not exist on this gateway.", code: "model_not_found", param: "model").ConfigureAwait(false);
            return;
        }

        gateway.Group = group;
        if (!gateway.MayUse(group))
        {
            await ModelPermission.DenyAsync(context, group).ConfigureAwait(false);
            return;
        }

        if (!request.Stream)
        {
            await ServeAsync(context, gateway, body, request, clientApi, group).ConfigureAwait(false);
            return;
        }

        metrics.StreamsInFlight(group.Name, 1);
        try
        {
            await ServeAsync(context, gateway, body, request, clientApi, group).ConfigureAwait(false);
        }
        finally
        {
            metrics.StreamsInFlight(group.Name, -1);
        }
    }

    private async Task ServeAsync(HttpContext context, GatewayRequestContext gateway, byte[] body, ModelRequest request, WireApi clientApi, ModelGroup group)
    {
        // Attempts before the first byte: the group's deployments (another one after each failure while one is left,
        // else the same after a backoff), then each fallback group in order (yarp-notes.md 1(e), option B).
        var groups = GroupsInOrder(gateway.Configuration.Catalog, group);
        for (var g = 0; g < groups.Count; g++)
        {
            var current = groups[g];
            var policy = current.Failover;
            var tried = new HashSet<Deployment>();
            for (var attempt = 0; attempt <= policy.Retries; attempt++)
            {
                var plan = selector.Select(current, clientApi, tried, health) ?? selector.Select(current, clientApi, null, health);
                if (plan is not { } chosen)
                {
                    break;
                }

                if (!tried.Add(chosen.Deployment))
                {
                    // Sleeping is not gateway work: it counts as upstream waiting, outside the overhead.
                    var sleepStarted = time.GetTimestamp();
                    await BackoffAsync(gateway.RetryAfter, attempt, context.RequestAborted).ConfigureAwait(false);
                    gateway.AddUpstreamWait(sleepStarted);
                }

                if (attempt > 0)
                {
                    metrics.Retried(current.Name);
                }
                else if (g > 0)
                {
                    metrics.FellBack(group.Name, current.Name);
                }

                gateway.CanRetry = attempt < policy.Retries || g < groups.Count - 1;
                gateway.RetryableFailure = false;
                gateway.RetryAfter = null;
                gateway.FailureKind = default;
                gateway.Error = null;
                gateway.UpstreamStatus = null;
                gateway.Report = null;
                var started = time.GetTimestamp();
                using (health.Begin(chosen.Deployment))
                {
                    if (!await ForwardAsync(context, gateway, body, request, clientApi, current, chosen).ConfigureAwait(false))
                    {
                        return; // refused (a translation error answered 400)
                    }
                }

                if (UpstreamErrorReason.Of(context, gateway) is { } reason)
                {
                    metrics.UpstreamFailed(current.Name, chosen.Deployment.Name, reason);
                }

                if (!Failed(context, gateway))
                {
                    health.ReportSuccess(chosen.Deployment);
                    if (gateway.FirstByteTimestamp is { } firstByte && firstByte > started)
                    {
                        health.ReportLatency(chosen.Deployment, time.GetElapsedTime(started, firstByte));
                    }

                    return;
                }

                health.ReportFailure(chosen.Deployment, policy, gateway.RetryAfter);
                if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested || !gateway.CanRetry)
                {
                    return;
                }

                // Nothing reached the client: forget this attempt's status, headers and error, and try again.
                gateway.Attempts++;
                context.Response.Clear();
                context.Features.Set<IForwarderErrorFeature>(null);
            }
        }

        if (!context.Response.HasStarted && gateway.Deployment is null)
        {
            // Every deployment is at its MaxConcurrency: skipped, not queued.
            context.Response.Headers.RetryAfter = "1";
            await ClientErrorWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                $"Every deployment of the model '{request.Model}' is busy; try again shortly.").ConfigureAwait(false);
        }
    }

    /// <summary>Sends one attempt to <paramref name="plan"/>'s deployment; false when the request was refused instead.</summary>
    private async Task<bool> ForwardAsync(HttpContext context, GatewayRequestContext gateway, byte[] body, ModelRequest request, WireApi clientApi, ModelGroup group, RoutePlan plan)
    {
        var deployment = plan.Deployment;
        byte[] forwarded;
        try
        {
            forwarded = ForwardedBody(body, request, clientApi, plan);
        }
        catch (RequestTranslationException ex)
        {
            // What cannot be carried to this upstream's API is refused by name, never dropped silently.
            await ClientErrorWriter.WriteAsync(context, StatusCodes.Status400BadRequest, ex.Message, code: ex.Code, param: ex.Param).ConfigureAwait(false);
            return false;
        }

        gateway.ResponsesEcho = clientApi == WireApi.Responses && plan.UpstreamApi != WireApi.Responses
            ? RequestTranslator.ResponsesEchoFields(body)
            : null;

        if (proxyTargets.Find(gateway.Configuration) is not { } targets
            || !targets.TryGet(clientApi, group.Name, out var route, out var cluster)
            || !cluster.Destinations.TryGetValue(deployment.Id, out var destination))
        {
            throw new InvalidOperationException($"The proxy configuration has no route or destination for model group '{group.Name}'.");
        }

        context.Request.Body = new MemoryStream(forwarded, writable: false);
        context.Request.ContentLength = forwarded.Length;
        gateway.Group = group;
        gateway.Deployment = deployment;
        gateway.UpstreamApi = plan.UpstreamApi;
        gateway.ForwardedBodyLength = forwarded.Length;

        // Route and cluster together: load balancing, health, telemetry and transforms all read the route's cluster.
        context.ReassignProxyRequest(route, cluster);
        context.GetReverseProxyFeature().AvailableDestinations = [destination];

        await next(context).ConfigureAwait(false);
        return true;
    }

    /// <summary>The attempt failed in a way another attempt may fix: a retryable status, or no response at all.</summary>
    private static bool Failed(HttpContext context, GatewayRequestContext gateway) =>
        gateway.RetryableFailure
        || context.GetForwarderErrorFeature()?.Error is ForwarderError.Request or ForwarderError.RequestTimedOut
            or ForwarderError.ResponseHeaders or ForwarderError.NoAvailableDestinations;

    private static List<ModelGroup> GroupsInOrder(ModelGroupCatalog catalog, ModelGroup group)
    {
        var groups = new List<ModelGroup> { group };
        foreach (var name in group.Failover.Fallbacks)
        {
            if (catalog.TryGetGroup(name, out var fallback) && !groups.Contains(fallback))
            {
                groups.Add(fallback);
            }
        }

        return groups;
    }

    /// <summary>Before trying the same deployment again: the upstream's Retry-After, or an exponential step; capped.</summary>
    private static Task BackoffAsync(TimeSpan? retryAfter, int attempt, CancellationToken cancellationToken)
    {
        var delay = retryAfter ?? TimeSpan.FromMilliseconds(250 * (1 << Math.Min(attempt, 4)));
        return Task.Delay(delay < MaxBackoff ? delay : MaxBackoff, cancellationToken);
    }

    /// <summary>The body the upstream gets: translated into its API, or the client's with the model rewritten.</summary>
    private static byte[] ForwardedBody(byte[] body, ModelRequest request, WireApi clientApi, RoutePlan plan)
    {
        if (plan.IsTranslated(clientApi))
        {
            return RequestTranslator.Translate(clientApi, plan.UpstreamApi, body, new RequestTranslationOptions { UpstreamModel = plan.Deployment.Model });
        }

        var rewritten = ModelRewriter.Rewrite(body, request, plan.Deployment.Model);

        // Thinking without a signature came from a non-Anthropic upstream; Anthropic rejects it when echoed back.
        return clientApi == WireApi.Messages ? RequestTranslator.StripUnsignedThinking(rewritten, out _) : rewritten;
    }

    private static WireApi? ClientApiOf(HttpContext context)
    {
        var metadata = context.GetRouteModel().Config.Metadata;
        return metadata is not null
            && metadata.TryGetValue(ProxyIds.ClientApiMetadata, out var name)
            && WireApiNames.TryParse(name, out var api)
            ? api
            : null;
    }

    private static string Describe(ModelRequestError error) => error switch
    {
        ModelRequestError.InvalidJson => "The request body is not valid JSON.",
        ModelRequestError.NotAnObject => "The request body must be a JSON object.",
        ModelRequestError.MissingModel => "The request body has no 'model'.",
        ModelRequestError.InvalidModel => "'model' must be a non-empty string.",
        ModelRequestError.DuplicateModel => "The request body has more than one 'model'.",
        _ => "The request body could not be read.",
    };
}
