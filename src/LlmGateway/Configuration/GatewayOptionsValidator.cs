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
            ValidateUpstream($"{Prefix}:Upstreams:{upstreamName}", upstream, failures);
        }

        foreach (var (groupName, group) in options.ModelGroups)
        {
            ValidateGroup($"{Prefix}:ModelGroups:{groupName}", group, options, failures);
        }

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

        for (var i = 0; i < group.Deployments.Count; i++)
        {
            var deployment = group.Deployments[i];
            var deploymentKey = $"{key}:Deployments:{i}";
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

            if (deployment.Weight <= 0)
            {
                failures.Add($"{deploymentKey}:Weight: must be greater than 0 (got {deployment.Weight}).");
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
