using System.Globalization;

namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>Builds the in-memory configuration of a test gateway (layered over the shipped appsettings.json).</summary>
public sealed class GatewaySettings
{
    private readonly Dictionary<string, string?> _values = new()
    {
        // Keep the echo demo quick in tests; pacing is covered by unit tests.
        ["Gateway:Echo:WordDelayMilliseconds"] = "1",
    };

    private readonly Dictionary<string, int> _deploymentCounts = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, string?> Values => _values;

    public GatewaySettings WithMasterKey(string key) => Set("Gateway:MasterKey", key);

    public GatewaySettings WithMaxRequestBodyBytes(long bytes) => Set("Gateway:MaxRequestBodyBytes", bytes.ToString(CultureInfo.InvariantCulture));

    public GatewaySettings WithUpstream(string name, string baseUrl, string? apiKey, params string[] apis)
    {
        Set($"Gateway:Upstreams:{name}:BaseUrl", baseUrl);
        if (apiKey is not null)
        {
            Set($"Gateway:Upstreams:{name}:ApiKey", apiKey);
        }

        for (var i = 0; i < apis.Length; i++)
        {
            Set($"Gateway:Upstreams:{name}:Apis:{i}", apis[i]);
        }

        return this;
    }

    public GatewaySettings WithDeployment(string group, string upstream, string model, int weight = 1)
    {
        _deploymentCounts.TryGetValue(group, out var index);
        _deploymentCounts[group] = index + 1;
        var prefix = $"Gateway:ModelGroups:{group}:Deployments:{index}";
        Set($"{prefix}:Upstream", upstream);
        Set($"{prefix}:Model", model);
        return Set($"{prefix}:Weight", weight.ToString(CultureInfo.InvariantCulture));
    }

    public GatewaySettings Set(string key, string? value)
    {
        _values[key] = value;
        return this;
    }
}
