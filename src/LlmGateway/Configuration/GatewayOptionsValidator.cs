using LlmGateway.Protocols;
using Microsoft.Extensions.Options;

namespace LlmGateway.Configuration;

/// <summary>
/// Checks <see cref="GatewayOptions"/> at start. Every failure names the configuration key to fix
/// (e.g. <c>Gateway:ModelGroups:demo:Deployments:0:Upstream</c>), because that is what an operator greps for.
/// </summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    private const string Prefix = GatewayOptions.SectionName;

    private static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.MaxRequestBodyBytes <= 0 || options.MaxRequestBodyBytes > Array.MaxLength)
        {
            failures.Add($"{Prefix}:MaxRequestBodyBytes: must be between 1 and {Array.MaxLength} (got {options.MaxRequestBodyBytes}).");
        }

        if (options.Echo.WordDelayMilliseconds is < 0 or > EchoOptions.MaxWordDelayMilliseconds)
        {
            failures.Add($"{Prefix}:Echo:WordDelayMilliseconds: must be between 0 and {EchoOptions.MaxWordDelayMilliseconds} (got {options.Echo.WordDelayMilliseconds}).");
        }

        ValidateTimeout($"{Prefix}:KeepAliveInterval", options.KeepAliveInterval, failures);

        foreach (var (upstreamName, upstream) in options.Upstreams)
        {
            ValidateHealthCheck($"{Prefix}:Upstreams:{upstreamName}", upstream.HealthCheck, failures);
            ValidateUpstream($"{Prefix}:Upstreams:{upstreamName}", upstream, failures);
        }

        foreach (var (groupName, group) in options.ModelGroups)
        {
            ValidateGroup($"{Prefix}:ModelGroups:{groupName}", group, options, failures);
        }

        ValidateApiKeys(options, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateUpstream(string key, UpstreamOptions upstream, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(upstream.BaseUrl))
        {
            failures.Add($"{key}:BaseUrl: is required (e.g. http://127.0.0.1:1234/v1).");
        }
        else if (!BuiltinUpstreams.IsBuiltin(upstream.BaseUrl) && !IsHttpBaseUrl(upstream.BaseUrl))
        {
            failures.Add($"{key}:BaseUrl: '{upstream.BaseUrl}' is not an absolute http(s) URL without query or fragment, nor {BuiltinUpstreams.Echo}.");
        }

        ValidateTimeout($"{key}:ConnectTimeout", upstream.ConnectTimeout, failures);
        ValidateTimeout($"{key}:FirstTokenTimeout", upstream.FirstTokenTimeout, failures);
        ValidateTimeout($"{key}:IdleTimeout", upstream.IdleTimeout, failures);

        if (upstream.Apis.Count == 0)
        {
            failures.Add($"{key}:Apis: list at least one of {WireApiNames.Messages}, {WireApiNames.Responses}, {WireApiNames.ChatCompletions}.");
        }

        for (var i = 0; i < upstream.Apis.Count; i++)
        {
            if (!WireApiNames.TryParse(upstream.Apis[i], out _))
            {
                failures.Add($"{key}:Apis:{i}: unknown API '{upstream.Apis[i]}'; expected {WireApiNames.Messages}, {WireApiNames.Responses} or {WireApiNames.ChatCompletions}.");
            }
        }
    }

    private static void ValidateHealthCheck(string key, HealthCheckOptions? check, List<string> failures)
    {
        if (check is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(check.Path) || !check.Path.StartsWith('/'))
        {
            failures.Add($"{key}:HealthCheck:Path: must be a path starting with '/' such as /models.");
        }

        if (check.Interval <= TimeSpan.Zero)
        {
            failures.Add($"{key}:HealthCheck:Interval: must be greater than zero (got {check.Interval}).");
        }
    }

    private static void ValidateGroup(string key, ModelGroupOptions group, GatewayOptions options, List<string> failures)
    {
        if (group.ReasoningAs is not null and not "summary" and not "text")
        {
            failures.Add($"{key}:ReasoningAs: '{group.ReasoningAs}' is not one of summary, text.");
        }

        ValidateTimeout($"{key}:Timeouts:ConnectTimeout", group.Timeouts.ConnectTimeout, failures);
        ValidateTimeout($"{key}:Timeouts:FirstTokenTimeout", group.Timeouts.FirstTokenTimeout, failures);
        ValidateTimeout($"{key}:Timeouts:IdleTimeout", group.Timeouts.IdleTimeout, failures);

        if (group.Deployments.Count == 0)
        {
            failures.Add($"{key}:Deployments: the group has no deployments.");
        }

        if (group.LoadBalancing is not null and not "weighted-random" and not "round-robin" and not "least-busy" and not "lowest-latency")
        {
            failures.Add($"{key}:LoadBalancing: '{group.LoadBalancing}' is not one of weighted-random, round-robin, least-busy, lowest-latency.");
        }

        if (group.Retries < 0)
        {
            failures.Add($"{key}:Retries: must be 0 or more (got {group.Retries}).");
        }

        if (group.AllowedFails < 1)
        {
            failures.Add($"{key}:AllowedFails: must be 1 or more (got {group.AllowedFails}).");
        }

        if (group.Cooldown <= TimeSpan.Zero)
        {
            failures.Add($"{key}:Cooldown: must be greater than zero (got {group.Cooldown}).");
        }

        for (var i = 0; i < group.Fallbacks.Count; i++)
        {
            var fallback = group.Fallbacks[i];
            if (!options.ModelGroups.ContainsKey(fallback))
            {
                failures.Add($"{key}:Fallbacks:{i}: unknown model group '{fallback}'.");
            }
            else if (key.EndsWith(":" + fallback, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{key}:Fallbacks:{i}: a group cannot fall back to itself.");
            }
        }

        var deploymentNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < group.Deployments.Count; i++)
        {
            var deployment = group.Deployments[i];
            var deploymentKey = $"{key}:Deployments:{i}";
            var name = string.IsNullOrWhiteSpace(deployment.Name) ? $"{deployment.Upstream}/{deployment.Model}" : deployment.Name;
            if (!deploymentNames.Add(name))
            {
                // Headers and metrics identify a deployment by name; two with one name could not be told apart.
                failures.Add($"{deploymentKey}:Name: '{name}' is already used by another deployment of the group; set a distinct Name.");
            }

            if (string.IsNullOrWhiteSpace(deployment.Upstream))
            {
                failures.Add($"{deploymentKey}:Upstream: is required.");
            }
            else if (!options.Upstreams.ContainsKey(deployment.Upstream))
            {
                var known = options.Upstreams.Count == 0 ? "none configured" : "known: " + string.Join(", ", options.Upstreams.Keys);
                failures.Add($"{deploymentKey}:Upstream: unknown upstream '{deployment.Upstream}' ({known}).");
            }

            if (string.IsNullOrWhiteSpace(deployment.Model))
            {
                failures.Add($"{deploymentKey}:Model: is required.");
            }

            if (deployment.MaxConcurrency is <= 0)
            {
                failures.Add($"{deploymentKey}:MaxConcurrency: must be greater than 0 (got {deployment.MaxConcurrency}).");
            }

            if (deployment.Weight <= 0)
            {
                failures.Add($"{deploymentKey}:Weight: must be greater than 0 (got {deployment.Weight}).");
            }
        }
    }

    private static void ValidateApiKeys(GatewayOptions options, List<string> failures)
    {
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var apiKey = options.ApiKeys[i];
            var key = $"{Prefix}:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(apiKey.Name))
            {
                failures.Add($"{key}:Name: is required.");
            }
            else if (CallerKeyNames.IsReserved(apiKey.Name))
            {
                // The request log says master or anonymous for those callers; a key with that name would be indistinguishable.
                failures.Add($"{key}:Name: '{apiKey.Name}' is reserved; choose another name.");
            }
            else if (!names.TryAdd(apiKey.Name, i))
            {
                failures.Add($"{key}:Name: '{apiKey.Name}' is already used by {Prefix}:ApiKeys:{names[apiKey.Name]}.");
            }

            if (string.IsNullOrWhiteSpace(apiKey.Key))
            {
                failures.Add($"{key}:Key: is required.");
            }
            else if (!KeyReference.TryResolve(apiKey.Key, out _))
            {
                failures.Add($"{key}:Key: the environment variable '{apiKey.Key[KeyReference.EnvironmentPrefix.Length..]}' is not set or empty.");
            }

            for (var m = 0; m < apiKey.Models.Count; m++)
            {
                if (!options.ModelGroups.ContainsKey(apiKey.Models[m] ?? string.Empty))
                {
                    var known = options.ModelGroups.Count == 0 ? "none configured" : "known: " + string.Join(", ", options.ModelGroups.Keys);
                    failures.Add($"{key}:Models:{m}: unknown model group '{apiKey.Models[m]}' ({known}).");
                }
            }

            if (apiKey.RequestsPerMinute is <= 0)
            {
                failures.Add($"{key}:RequestsPerMinute: must be greater than 0 when set (got {apiKey.RequestsPerMinute}).");
            }

            if (apiKey.TokensPerMinute is <= 0)
            {
                failures.Add($"{key}:TokensPerMinute: must be greater than 0 when set (got {apiKey.TokensPerMinute}).");
            }
        }
    }

    private static void ValidateTimeout(string key, TimeSpan? value, List<string> failures)
    {
        // Timer-based APIs reject values above int.MaxValue milliseconds; nobody needs a 24-day timeout anyway.
        if (value is { } timeout && (timeout <= TimeSpan.Zero || timeout > MaxTimeout))
        {
            failures.Add($"{key}: must be a positive TimeSpan up to {MaxTimeout} such as 00:00:30 (got {timeout}).");
        }
    }

    private static bool IsHttpBaseUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host)
        && string.IsNullOrEmpty(uri.Query)
        && string.IsNullOrEmpty(uri.Fragment)
        && string.IsNullOrEmpty(uri.UserInfo);
}
