using Microsoft.Net.Http.Headers;

namespace LlmGateway.Transport.Edge;

/// <summary>Requires the master key on every <c>/v1</c> request, as <c>x-api-key</c> or <c>Authorization: Bearer</c>.</summary>
internal sealed class MasterKeyAuthenticationMiddleware(RequestDelegate next, MasterKeyVerifier verifier)
{
    private const string ApiKeyHeader = "x-api-key";
    private const string BearerPrefix = "Bearer ";

    public Task InvokeAsync(HttpContext context)
    {
        if (!verifier.IsRequired || !ClientApiResolver.IsApiRequest(context.Request.Path) || IsAuthorized(context.Request))
        {
            return next(context);
        }

        return ClientErrorWriter.WriteAsync(
            context,
            StatusCodes.Status401Unauthorized,
            "Missing or invalid API key: send the gateway key as x-api-key or Authorization: Bearer.");
    }

    private bool IsAuthorized(HttpRequest request)
    {
        foreach (var value in request.Headers[ApiKeyHeader])
        {
            if (verifier.Verify(value?.Trim()))
            {
                return true;
            }
        }

        foreach (var value in request.Headers[HeaderNames.Authorization])
        {
            if (value is not null
                && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
                && verifier.Verify(value[BearerPrefix.Length..].Trim()))
            {
                return true;
            }
        }

        return false;
    }
}
