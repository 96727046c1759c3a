using LlmGateway.Protocols;

namespace LlmGateway.Transport.Edge;

/// <summary>The request-id response headers: <c>x-request-id</c> everywhere, plus Anthropic's <c>request-id</c> on the Messages API.</summary>
internal static class RequestIdHeaders
{
    public const string RequestId = "request-id";
    public const string XRequestId = "x-request-id";

    /// <summary>Sets the headers, replacing any an upstream sent, so clients always see the gateway's id.</summary>
    public static void Apply(IHeaderDictionary headers, GatewayRequestContext gateway)
    {
        headers[XRequestId] = gateway.RequestId;
        if (gateway.ClientApi == WireApi.Messages)
        {
            headers[RequestId] = gateway.RequestId;
        }
        else
        {
            headers.Remove(RequestId);
        }
    }
}
