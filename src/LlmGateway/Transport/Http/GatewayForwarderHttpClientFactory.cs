using System.Globalization;
using LlmGateway.Configuration;
using LlmGateway.Transport.Builtin;
using LlmGateway.Transport.Config;
using Yarp.ReverseProxy.Forwarder;

namespace LlmGateway.Transport.Http;

/// <summary>
/// YARP's client factory with the gateway's per-cluster connect timeout, the upstream-wait measurement, the first-token
/// timeout on the response headers, and the built-in upstreams plugged in front of the sockets handler.
/// </summary>
internal sealed class GatewayForwarderHttpClientFactory(EchoUpstream echo, TimeProvider timeProvider, ILogger<ForwarderHttpClientFactory> logger)
    : ForwarderHttpClientFactory(logger)
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(handler);
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = context.NewMetadata is not null
            && context.NewMetadata.TryGetValue(ProxyIds.ConnectTimeoutMetadata, out var value)
            && TimeSpan.TryParseExact(value, "c", CultureInfo.InvariantCulture, out var timeout)
                ? timeout
                : TimeoutOptions.DefaultConnectTimeout;
    }

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new UpstreamWaitHandler
        {
            InnerHandler = new FirstTokenTimeoutHandler(timeProvider)
            {
                InnerHandler = new BuiltinUpstreamHandler(echo) { InnerHandler = base.WrapHandler(context, handler) },
            },
        };
}
