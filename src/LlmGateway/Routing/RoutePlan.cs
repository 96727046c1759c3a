using LlmGateway.Protocols;

namespace LlmGateway.Routing;

/// <summary>Where one request goes: a deployment, and the API it is called with (the client's own, or a translation).</summary>
internal readonly record struct RoutePlan(Deployment Deployment, WireApi UpstreamApi)
{
    public bool IsTranslated(WireApi clientApi) => UpstreamApi != clientApi;
}
