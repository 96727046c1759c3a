using LlmGateway.Transport.Edge;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace LlmGateway.Transport.Pipeline;

/// <summary>
/// Turns a forwarding failure before the first response byte (connection refused, timeout) into the client API's error
/// body. YARP only sets the status; clients' SDKs need the body to report something useful. Messages never carry the
/// upstream address or keys.
/// </summary>
internal sealed class ForwarderErrorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context).ConfigureAwait(false);

        var failure = context.GetForwarderErrorFeature();
        if (failure is null)
        {
            return;
        }

        var gateway = context.Features.GetRequiredFeature<GatewayRequestContext>();
        if (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
            gateway.Error ??= "client disconnected";
            return;
        }

        gateway.Error ??= failure.Exception is null
            ? $"forwarder {failure.Error}"
            : $"forwarder {failure.Error}: {failure.Exception.GetType().Name}";

        if (context.Response.HasStarted)
        {
            // Mid-stream upstream failures are the normalizing stream's business.
            return;
        }

        var (status, message) = failure.Error switch
        {
            _ when gateway.FailureKind == GatewayFailureKind.FirstTokenTimeout => (StatusCodes.Status504GatewayTimeout, "The upstream did not start answering within the first-token timeout."),
            ForwarderError.RequestTimedOut => (StatusCodes.Status504GatewayTimeout, "The upstream did not answer in time."),
            ForwarderError.NoAvailableDestinations => (StatusCodes.Status503ServiceUnavailable, "No upstream is available for this model."),
            _ => (StatusCodes.Status502BadGateway, "The gateway could not get a response from the upstream."),
        };

        context.Response.Clear();
        await ClientErrorWriter.WriteAsync(context, status, message).ConfigureAwait(false);
    }
}
