using LlmGateway.Configuration;
using LlmGateway.Protocols;
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
        if (selector.Select(group, clientApi) is not { } plan)
        {
            throw new InvalidOperationException($"Model group '{group.Name}' has no deployments; validation should have refused it.");
        }

        var deployment = plan.Deployment;
        if (plan.IsTranslated(clientApi))
        {
            await ClientErrorWriter.WriteAsync(context, StatusCodes.Status400BadRequest,
                $"The model '{request.Model}' has no deployment that speaks the {WireApiNames.ToName(clientApi)} API natively; " +
                "translation between APIs is not available yet.", param: "model").ConfigureAwait(false);
            return;
        }

        if (!proxyState.TryGetRoute(ProxyIds.GroupRoute(clientApi, group.Name), out var route)
            || !proxyState.TryGetCluster(ProxyIds.GroupCluster(group.Name), out var cluster)
            || !cluster.Destinations.TryGetValue(deployment.Id, out var destination))
        {
            throw new InvalidOperationException($"The proxy configuration has no route or destination for model group '{group.Name}'.");
        }

        var forwarded = ModelRewriter.Rewrite(body, request, deployment.Model);
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
