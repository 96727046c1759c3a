using LlmGateway.Protocols;
using Microsoft.AspNetCore.Http.Features;

namespace LlmGateway.Transport.Edge;

/// <summary>Answers a request with an error body in the client API's own shape (gateway-made errors, before any byte was sent).</summary>
internal static class ClientErrorWriter
{
    private const string ShouldRetryHeader = "x-should-retry";

    public static Task WriteAsync(HttpContext context, int status, string message, string? code = null, string? param = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var gateway = context.Features.GetRequiredFeature<GatewayRequestContext>();
        gateway.Error ??= message;

        var body = ApiError.Body(gateway.ClientApi, status, message, code, param, gateway.RequestId);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;

        // Deterministic gateway rejections will fail the same way again; tell SDKs not to retry them.
        if (status is >= 400 and < 500 and not 408 and not 429)
        {
            response.Headers[ShouldRetryHeader] = "false";
        }

        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
