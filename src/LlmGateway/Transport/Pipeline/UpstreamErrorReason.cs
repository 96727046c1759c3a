using System.Collections.Immutable;
using System.Globalization;
using Yarp.ReverseProxy.Forwarder;

namespace LlmGateway.Transport.Pipeline;

/// <summary>
/// Why an upstream attempt failed, as the <c>reason</c> label of <c>llmgateway_upstream_errors_total</c>: a fixed set of
/// values, so the label stays bounded whatever an upstream sends.
/// </summary>
internal static class UpstreamErrorReason
{
    /// <summary>No response: the connection could not be made, or broke before the response headers.</summary>
    public const string Connection = "connection";

    /// <summary>No response headers or first token within the first-token timeout, silence beyond the idle timeout, or the forwarder's own timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>A success status whose body broke off, ended early, carried an error event or could not be read as a response.</summary>
    public const string Body = "body";

    private const string TimeoutErrorType = "timeout_error";

    // status_400 … status_599, made once.
    private static readonly ImmutableArray<string> Statuses = [.. Enumerable.Range(400, 200).Select(code => "status_" + code.ToString(CultureInfo.InvariantCulture))];

    /// <summary>The reason the attempt that just ended failed, or null when it did not fail (or the client went away).</summary>
    public static string? Of(HttpContext context, GatewayRequestContext gateway)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(gateway);
        if (context.RequestAborted.IsCancellationRequested)
        {
            // Whatever happened upstream after that, the client caused it.
            return null;
        }

        if (gateway.FailureKind == GatewayFailureKind.FirstTokenTimeout)
        {
            return Timeout;
        }

        switch (context.GetForwarderErrorFeature()?.Error)
        {
            case ForwarderError.RequestTimedOut:
                return Timeout;
            case ForwarderError.Request or ForwarderError.RequestBodyDestination or ForwarderError.ResponseHeaders:
                return Connection;
            case ForwarderError.ResponseBodyDestination:
                return Body;
        }

        if (gateway.UpstreamStatus is >= 400 and < 600 and var status)
        {
            return Statuses[status - 400];
        }

        if (gateway.UpstreamStatus is >= 200 and < 300 && gateway.Report?.Error is not null)
        {
            return gateway.Report.ErrorType == TimeoutErrorType ? Timeout : Body;
        }

        return null;
    }
}
