using LlmGateway.Configuration;

namespace LlmGateway.Tests.Routing;

internal static class CatalogFixtures
{
    public static GatewayOptions Options()
    {
        var options = new GatewayOptions();
        options.Upstreams["anthropic"] = Upstream("http://127.0.0.1:1/v1", "messages");
        options.Upstreams["openai"] = Upstream("http://127.0.0.1:2/v1/", "responses", "chat-completions");
        options.Upstreams["both"] = Upstream("http://127.0.0.1:3/v1", "messages", "responses");
        options.Upstreams["echo"] = Upstream(BuiltinUpstreams.Echo, "messages", "responses", "chat-completions");
        return options;
    }

    public static UpstreamOptions Upstream(string baseUrl, params string[] apis)
    {
        var upstream = new UpstreamOptions { BaseUrl = baseUrl };
        upstream.Apis.AddRange(apis);
        return upstream;
    }

    public static ModelGroupOptions Group(params (string Upstream, string Model, int Weight)[] deployments)
    {
        var group = new ModelGroupOptions();
        foreach (var (upstream, model, weight) in deployments)
        {
            group.Deployments.Add(new DeploymentOptions { Upstream = upstream, Model = model, Weight = weight });
        }

        return group;
    }
}
