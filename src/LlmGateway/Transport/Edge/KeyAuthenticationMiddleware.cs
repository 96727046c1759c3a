using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace LlmGateway.Transport.Edge;

/// <summary>
/// When any key is configured, requires a known one on every <c>/v1</c> request (as <c>x-api-key</c> or
/// <c>Authorization: Bearer</c>), records the caller on <see cref="GatewayRequestContext"/>, applies the key's rate
/// limits, and charges the tokens the request used once it has completed.
/// </summary>
internal sealed class KeyAuthenticationMiddleware(RequestDelegate next, KeyRateLimiter limiter)
{
    private const string ApiKeyHeader = "x-api-key";
    private const string BearerPrefix = "Bearer ";

    public async Task InvokeAsync(HttpContext context)
    {
        var gateway = context.Features.GetRequiredFeature<GatewayRequestContext>();
        var keys = gateway.Configuration.Keys;
        if (!keys.IsRequired || !ClientApiResolver.IsApiRequest(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (Identify(keys, context.Request) is not { } caller)
        {
            await ClientErrorWriter.WriteAsync(
                context,
                StatusCodes.Status401Unauthorized,
                "Missing or invalid API key: send the gateway key as x-api-key or Authorization: Bearer.").ConfigureAwait(false);
            return;
        }

        gateway.Caller = caller;
        if (limiter.TryAdmit(caller) is { } refusal)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(refusal.RetryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await ClientErrorWriter.WriteAsync(
                context,
                StatusCodes.Status429TooManyRequests,
                $"Rate limit of the key '{caller.Name}' reached ({refusal.Limit}); retry in {seconds} s.",
                code: "rate_limit_exceeded").ConfigureAwait(false);
            return;
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            // The report is complete once the response body has been produced; counts the upstream did not send are estimates.
            if (gateway.Report is { } report)
            {
                limiter.ChargeTokens(caller, (report.InputTokens ?? 0) + (report.OutputTokens ?? 0));
            }
        }
    }

    private static CallerKey? Identify(ApiKeyStore keys, HttpRequest request)
    {
        foreach (var value in request.Headers[ApiKeyHeader])
        {
            if (keys.Identify(value?.Trim()) is { } caller)
            {
                return caller;
            }
        }

        foreach (var value in request.Headers[HeaderNames.Authorization])
        {
            if (value is not null
                && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
                && keys.Identify(value[BearerPrefix.Length..].Trim()) is { } caller)
            {
                return caller;
            }
        }

        return null;
    }
}
