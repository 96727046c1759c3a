using LlmGateway.Transport.Builtin;
using Yarp.ReverseProxy.Forwarder;

namespace LlmGateway.Transport.Http;

/// <summary>YARP's client factory with the built-in upstreams plugged in front of the sockets handler.</summary>
internal sealed class GatewayForwarderHttpClientFactory(EchoUpstream echo, ILogger<ForwarderHttpClientFactory> logger)
    : ForwarderHttpClientFactory(logger)
{
    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new BuiltinUpstreamHandler(echo) { InnerHandler = base.WrapHandler(context, handler) };
}
