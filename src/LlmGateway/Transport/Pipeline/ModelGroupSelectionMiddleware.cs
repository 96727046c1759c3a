using LlmGateway.Configuration;
using LlmGateway.Protocols;
using LlmGateway.Protocols.Requests;
using LlmGateway.Routing;
using LlmGateway.Transport.Config;
using LlmGateway.Transport.Edge;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;

namespace LlmGateway.Transport.Pipeline;

/// <summary>
/// Proxy-pipeline step that turns the client's <c>model</c> into a deployment: reads the body once (bounded),
/// finds the model group, picks a deployment by weight among the native ones, rewrites the body's model, and
/// reassigns the request to the group's hidden route and cluster with that deployment as the only destination.
/// </summary>
internal sealed class ModelGroupSelectionMiddleware(
    RequestDelegate next,
    ModelGroupCatalog catalog,
    DeploymentSelector selector,
    IProxyStateLookup proxyState,
    IOptions<GatewayOptions> options)
{
    private readonly long _maxBodyBytes = options.Value.MaxRequestBodyBytes;

    public async Task InvokeAsync(HttpContext context)
    {
        var gateway = context.Features.GetRequiredFeature<GatewayRequestContext>();
        var clientApi = ClientApiOf(context) ?? gateway.ClientApi;

        var body = await RequestBodyReader.ReadAsync(context, _maxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await ClientErrorWriter.WriteAsync(context, StatusCodes.Status413RequestEntityTooLarge,
                $"The request body is larger than the gateway's limit of {_maxBodyBytes} bytes.").ConfigureAwait(false);
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

        if (selector.Select(group, clientApi) is not { } plan)
        {
            throw new InvalidOperationException($"Model group '{group.Name}' has no deployments; validation should have refused it.");
        }

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
            return;
        }

        if (clientApi == WireApi.Responses && plan.UpstreamApi != WireApi.Responses)
        {
            gateway.ResponsesEcho = RequestTranslator.ResponsesEchoFields(body);
        }

        if (!proxyState.TryGetRoute(ProxyIds.GroupRoute(clientApi, group.Name), out var route)
            || !proxyState.TryGetCluster(ProxyIds.GroupCluster(group.Name), out var cluster)
            || !cluster.Destinations.TryGetValue(deployment.Id, out var destination))
        {
            throw new InvalidOperationException($"The proxy configuration has no route or destination for model group '{group.Name}'.");
        }

        context.Request.Body = new MemoryStream(forwarded, writable: false);
        context.Request.ContentLength = forwarded.Length;
        gateway.Deployment = deployment;
        gateway.UpstreamApi = plan.UpstreamApi;
        gateway.ForwardedBodyLength = forwarded.Length;

        // Route and cluster together: load balancing, health, telemetry and transforms all read the route's cluster.
        context.ReassignProxyRequest(route!, cluster!);
        context.GetReverseProxyFeature().AvailableDestinations = [destination];

        await next(context).ConfigureAwait(false);
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
