namespace LlmGateway.Transport.Http;

/// <summary>
/// Adds the time from sending an upstream request to receiving its response headers (or failing) to the request's
/// <see cref="GatewayRequestContext.UpstreamWait"/>, so <c>x-llmgateway-overhead-ms</c> counts only the gateway's own work.
/// Outermost in the forwarder's handler chain, so every attempt and the built-in upstreams are measured alike.
/// </summary>
internal sealed class UpstreamWaitHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(GatewayRequestContext.RequestOptionsKey, out var gateway)
            ? MeasureAsync(request, gateway, cancellationToken)
            : base.SendAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> MeasureAsync(HttpRequestMessage request, GatewayRequestContext gateway, CancellationToken cancellationToken)
    {
        var started = gateway.TimeProvider.GetTimestamp();
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gateway.AddUpstreamWait(started);
        }
    }
}
