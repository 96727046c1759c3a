namespace LlmGateway.Transport.Http;

/// <summary>
/// Bounds the wait for the response headers of a streaming request by the deployment's first-token timeout. Non-streamed
/// requests are left alone: their headers only come once the whole answer is generated, which may take minutes.
/// </summary>
internal sealed class FirstTokenTimeoutHandler(TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Options.TryGetValue(GatewayRequestContext.RequestOptionsKey, out var gateway)
            || !gateway.ClientStreams
            || gateway.Deployment is null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var timer = new CancellationTokenSource(gateway.Deployment.Timeouts.FirstToken, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            // The token only covers the send: SocketsHttpHandler drops it once the headers are in.
            return await base.SendAsync(request, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Not an OperationCanceledException: YARP would call that a cancelled request. The failure kind tells
            // ForwarderErrorMiddleware (and failover) that this was a retryable timeout before any byte was sent.
            gateway.FailureKind = GatewayFailureKind.FirstTokenTimeout;
            throw new TimeoutException("The upstream sent no response headers within the first-token timeout.", ex);
        }
    }
}
