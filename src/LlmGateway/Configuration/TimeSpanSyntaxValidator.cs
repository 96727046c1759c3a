using System.Globalization;
using Microsoft.Extensions.Options;

namespace LlmGateway.Configuration;

/// <summary>
/// Rejects timeout values that are not TimeSpans, naming the key. The configuration binder leaves a value it cannot
/// convert at its default without a word, so a typo such as <c>"10s"</c> would silently mean the default timeout.
/// </summary>
internal sealed class TimeSpanSyntaxValidator(IConfiguration configuration) : IValidateOptions<GatewayOptions>
{
    private static readonly string[] TimeoutKeys = ["ConnectTimeout", "FirstTokenTimeout", "IdleTimeout"];

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        var gateway = configuration.GetSection(GatewayOptions.SectionName);
        Check(gateway.GetSection("KeepAliveInterval"), failures);
        foreach (var upstream in gateway.GetSection("Upstreams").GetChildren())
        {
            foreach (var key in TimeoutKeys)
            {
                Check(upstream.GetSection(key), failures);
            }
        }

        foreach (var group in gateway.GetSection("ModelGroups").GetChildren())
        {
            foreach (var key in TimeoutKeys)
            {
                Check(group.GetSection("Timeouts").GetSection(key), failures);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(IConfigurationSection section, List<string> failures)
    {
        if (!string.IsNullOrWhiteSpace(section.Value) && !TimeSpan.TryParse(section.Value, CultureInfo.InvariantCulture, out _))
        {
            failures.Add($"{section.Path}: '{section.Value}' is not a TimeSpan; write e.g. 00:00:30 for 30 seconds.");
        }
    }
}
