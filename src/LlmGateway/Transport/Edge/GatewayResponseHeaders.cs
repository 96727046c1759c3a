using System.Globalization;

namespace LlmGateway.Transport.Edge;

/// <summary>
/// <c>x-llmgateway-deployment</c> (the configured name of the deployment that answered, never its URL) and
/// <c>x-llmgateway-overhead-ms</c> (the gateway's own time until the response started, upstream waiting excluded).
/// </summary>
internal static class GatewayResponseHeaders
{
    public const string Deployment = "x-llmgateway-deployment";
    public const string OverheadMs = "x-llmgateway-overhead-ms";

    /// <summary>Sets the headers as the response starts, replacing any an upstream (perhaps another gateway) sent.</summary>
    public static void Apply(IHeaderDictionary headers, GatewayRequestContext gateway)
    {
        if (gateway.Deployment is { } deployment)
        {
            headers[Deployment] = deployment.Name;
        }
        else
        {
            headers.Remove(Deployment);
        }

        // Milliseconds with two decimals, invariant culture: "0.42".
        headers[OverheadMs] = gateway.MarkResponseStarting().TotalMilliseconds.ToString("F2", CultureInfo.InvariantCulture);
    }
}
