using Yarp.ReverseProxy.Transforms.Builder;

namespace LlmGateway.Transport.Transforms;

/// <summary>Applies the gateway's request and response transforms to every generated route.</summary>
internal sealed class GatewayTransformProvider(UpstreamRequestTransform requestTransform, NormalizingResponseTransform responseTransform) : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Third-party providers get no X-Forwarded-* (client addresses are not theirs to know) and only allow-listed headers.
        context.UseDefaultForwarders = false;
        context.CopyRequestHeaders = false;
        context.RequestTransforms.Add(requestTransform);
        context.ResponseTransforms.Add(responseTransform);
    }
}
