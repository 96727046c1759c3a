using LlmGateway.Routing;

namespace LlmGateway.Transport.Http;

/// <summary>
/// Maps <c>builtin://echo</c> to an HTTP address the forwarder accepts (HttpRequestMessage only takes http/https).
/// The <c>.invalid</c> TLD never resolves (RFC 6761), so a request that escaped the in-process handler could not reach a network.
/// </summary>
internal static class BuiltinUpstreamAddress
{
    public const string EchoHost = "echo.builtin.invalid";

    public static string ToDestinationAddress(Upstream upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        return upstream.IsBuiltinEcho ? $"http://{EchoHost}/" : upstream.BaseUrl + "/";
    }

    public static bool IsEcho(Uri? requestUri) =>
        requestUri is not null && string.Equals(requestUri.Host, EchoHost, StringComparison.OrdinalIgnoreCase);
}
