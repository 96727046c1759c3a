using System.Globalization;
using LlmGateway.Configuration;
using LlmGateway.Protocols;
using LlmGateway.Routing;

namespace LlmGateway.Hosting.Cli;

/// <summary>
/// The output of <c>check</c>: where the configuration came from, the upstreams, and per model group its policies,
/// deployments and how each client API is served (natively, or translated into which upstream API). The routes come
/// from <see cref="DeploymentSelector"/> itself, so they are the ones the server would take. Never prints keys.
/// </summary>
internal static class RoutingTableWriter
{
    private static readonly WireApi[] ClientApis = [WireApi.Messages, WireApi.Responses, WireApi.ChatCompletions];

    public static void Write(CliConfiguration configuration, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        var options = configuration.Options;
        var catalog = configuration.Catalog;

        output.WriteLine("LlmGateway check: the configuration is valid.");
        new TextTable()
            .AddRow("Sources:", ConfigurationSources.Describe(configuration.OverlayPath))
            .AddRow("Listen:", string.Join(", ", configuration.ListenUrls))
            .AddRow("Client keys:", DescribeClientKeys(options))
            .WriteTo(output, "  ");

        output.WriteLine();
        output.WriteLine($"Upstreams ({catalog.Upstreams.Count})");
        var upstreams = new TextTable().AddRow("NAME", "BASE URL", "APIS", "API KEY");
        foreach (var upstream in catalog.Upstreams.Values.OrderBy(u => u.Name, StringComparer.OrdinalIgnoreCase))
        {
            upstreams.AddRow(upstream.Name, UrlDisplay.Redact(upstream.BaseUrl), ApiList(upstream.Apis), upstream.ApiKey is null ? "-" : "set");
        }

        upstreams.WriteTo(output, "  ");

        var groups = catalog.Groups.OrderBy(g => g.Name, StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var group in groups)
        {
            output.WriteLine();
            WriteGroup(group, output);
        }

        output.WriteLine();
        output.WriteLine($"{groups.Count} model group(s), {groups.Sum(g => g.Deployments.Length)} deployment(s), {catalog.Upstreams.Count} upstream(s).");
    }

    private static void WriteGroup(ModelGroup group, TextWriter output)
    {
        var failover = group.Failover;
        var fallbacks = failover.Fallbacks.IsEmpty ? "none" : string.Join(", ", failover.Fallbacks);
        var reasoning = group.ReasoningAsText ? ", reasoning as text" : string.Empty;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Model group \"{group.Name}\": load balancing {LoadBalancingName(group.LoadBalancing)}, retries {failover.Retries}, fallbacks: {fallbacks}, " +
            $"cooldown {failover.Cooldown:c} after {failover.AllowedFails} failures/min{reasoning}"));

        var deployments = new TextTable().AddRow("DEPLOYMENT", "UPSTREAM", "MODEL", "WEIGHT", "MAX CONCURRENCY", "UPSTREAM APIS");
        foreach (var deployment in group.Deployments)
        {
            deployments.AddRow(
                deployment.Name,
                deployment.Upstream.Name,
                deployment.Model,
                deployment.Weight.ToString(CultureInfo.InvariantCulture),
                deployment.MaxConcurrency?.ToString(CultureInfo.InvariantCulture) ?? "-",
                ApiList(deployment.Upstream.Apis));
        }

        deployments.WriteTo(output, "  ");

        output.WriteLine();
        var routes = new TextTable().AddRow("CLIENT API", "SERVED BY");
        foreach (var api in ClientApis)
        {
            routes.AddRow(WireApiNames.ToName(api), DescribeRoutes(group, api));
        }

        routes.WriteTo(output, "  ");
    }

    /// <summary>
    /// Asks the selector for a plan again and again, excluding each deployment it picked, until none is left: native
    /// deployments come first (translated ones only serve when no native one is available), each with its upstream API.
    /// </summary>
    private static string DescribeRoutes(ModelGroup group, WireApi clientApi)
    {
        var selector = new DeploymentSelector(new Random(0));
        var excluded = new HashSet<Deployment>();
        var plans = new List<RoutePlan>();
        while (selector.Select(group, clientApi, excluded) is { } plan)
        {
            plans.Add(plan);
            excluded.Add(plan.Deployment);
        }

        var native = plans.Where(p => !p.IsTranslated(clientApi)).Select(p => p.Deployment).OrderBy(d => d.Index).ToList();
        var translated = plans
            .Where(p => p.IsTranslated(clientApi))
            .GroupBy(p => p.UpstreamApi)
            .OrderBy(g => g.Key)
            .Select(g => $"{WireApiNames.ToName(clientApi)} -> {WireApiNames.ToName(g.Key)} on {Names(g.Select(p => p.Deployment))}")
            .ToList();

        if (translated.Count == 0)
        {
            return $"native on {Names(native)}";
        }

        var translations = string.Join("; ", translated);
        return native.Count == 0
            ? $"translated: {translations}"
            : $"native on {Names(native)}; when none of those is available, translated: {translations}";
    }

    private static string Names(IEnumerable<Deployment> deployments) => string.Join(", ", deployments.OrderBy(d => d.Index).Select(d => d.Name));

    private static string ApiList(IEnumerable<WireApi> apis) => string.Join(", ", apis.Order().Select(WireApiNames.ToName));

    private static string DescribeClientKeys(GatewayOptions options)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(options.MasterKey))
        {
            parts.Add("master key set");
        }

        if (options.ApiKeys.Count > 0)
        {
            parts.Add($"{options.ApiKeys.Count} API key(s): {string.Join(", ", options.ApiKeys.Select(k => k.Name))}");
        }

        if (parts.Count > 0)
        {
            return string.Join("; ", parts);
        }

        return options.AllowAnonymous ? "none (AllowAnonymous: anyone who can connect may call)" : "none (anonymous on loopback addresses only)";
    }

    private static string LoadBalancingName(LoadBalancingPolicy policy) => policy switch
    {
        LoadBalancingPolicy.RoundRobin => "round-robin",
        LoadBalancingPolicy.LeastBusy => "least-busy",
        LoadBalancingPolicy.LowestLatency => "lowest-latency",
        _ => "weighted-random",
    };
}
