using System.Collections.Frozen;
using LlmGateway.Protocols;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Transforms;

namespace LlmGateway.Transport.Transforms;

/// <summary>
/// Shapes the outgoing request for the chosen deployment: the upstream API's path under its base URL, an allow-list of
/// client headers, the upstream's own credentials, and the rewritten body's length.
/// </summary>
internal sealed class UpstreamRequestTransform : RequestTransform
{
    // An allow-list rather than a deny-list: client credentials (x-api-key, Authorization, cookies), X-Forwarded-*,
    // and Accept-Encoding (the normalizer needs identity bytes) can never slip through, whatever a client invents.
    private static readonly FrozenSet<string> AllowedHeaders = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "accept",
        "content-type",
        "user-agent",
        UpstreamCredentials.AnthropicVersionHeader,
        "anthropic-beta",
        "openai-beta");

    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var gateway = context.HttpContext.Features.Get<GatewayRequestContext>();
        var deployment = gateway?.Deployment;
        if (gateway is null || deployment is null)
        {
            throw new InvalidOperationException("A request reached the forwarder without a selected deployment.");
        }

        var proxyRequest = context.ProxyRequest;
        proxyRequest.Options.Set(GatewayRequestContext.RequestOptionsKey, gateway);
        foreach (var (name, values) in context.HttpContext.Request.Headers)
        {
            if (AllowedHeaders.Contains(name))
            {
                AddHeader(proxyRequest, name, values);
            }
        }

        if (proxyRequest.Content is not null)
        {
            proxyRequest.Content.Headers.ContentLength = gateway.ForwardedBodyLength;
        }

        var upstreamApi = gateway.UpstreamApi;
        UpstreamCredentials.Apply(proxyRequest, deployment.Upstream, upstreamApi);

        context.Path = WireApiNames.UpstreamPath(upstreamApi);
        return ValueTask.CompletedTask;
    }

    private static void AddHeader(HttpRequestMessage request, string name, StringValues values)
    {
        if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
        {
            request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
    }
}
