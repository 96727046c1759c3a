using System.Net.Http.Headers;
using LlmGateway.Protocols;
using LlmGateway.Routing;

namespace LlmGateway.Transport.Transforms;

/// <summary>
/// The upstream's own credentials on an outgoing request: <c>x-api-key</c> (and a default <c>anthropic-version</c>)
/// for Messages, a Bearer token otherwise. Shared by the forwarder and the <c>doctor</c> probes so both send the same.
/// </summary>
internal static class UpstreamCredentials
{
    public const string AnthropicVersionHeader = "anthropic-version";
    public const string DefaultAnthropicVersion = "2023-06-01";

    private const string ApiKeyHeader = "x-api-key";

    public static void Apply(HttpRequestMessage request, Upstream upstream, WireApi upstreamApi)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(upstream);
        var apiKey = upstream.ApiKey;
        if (upstreamApi == WireApi.Messages)
        {
            if (!request.Headers.Contains(AnthropicVersionHeader))
            {
                request.Headers.TryAddWithoutValidation(AnthropicVersionHeader, DefaultAnthropicVersion);
            }

            if (apiKey is not null)
            {
                request.Headers.TryAddWithoutValidation(ApiKeyHeader, apiKey);
            }
        }
        else if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }
}
