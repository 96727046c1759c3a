using LlmGateway.Transport.Builtin;

namespace LlmGateway.Transport.Http;

/// <summary>Answers requests addressed to built-in upstreams in process; everything else goes to the network handler.</summary>
internal sealed class BuiltinUpstreamHandler(EchoUpstream echo) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        BuiltinUpstreamAddress.IsEcho(request.RequestUri)
            ? echo.SendAsync(request, cancellationToken)
            : base.SendAsync(request, cancellationToken);
}
