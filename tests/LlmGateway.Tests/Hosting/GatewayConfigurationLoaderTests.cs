using LlmGateway.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmGateway.Tests.Hosting;

/// <summary>The checks a reload makes are the start's: every registered validator, the files, and the keys.</summary>
public sealed class GatewayConfigurationLoaderTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["Gateway:Upstreams:local:BaseUrl"] = "http://127.0.0.1:1234/v1",
        ["Gateway:Upstreams:local:Apis:0"] = "messages",
        ["Gateway:ModelGroups:small:Deployments:0:Upstream"] = "local",
        ["Gateway:ModelGroups:small:Deployments:0:Model"] = "small-model",
        ["Gateway:ApiKeys:0:Name"] = "team",
        ["Gateway:ApiKeys:0:Key"] = "sk-team",
    };

    [Fact]
    public void Load_ValidConfiguration_BuildsTheSnapshot()
    {
        var load = Loader(Valid).Load(generation: 7);

        var snapshot = Assert.IsType<LlmGateway.Transport.ConfigurationSnapshot>(load.Snapshot);
        Assert.Empty(load.Problems);
        Assert.Equal(7, snapshot.Generation);
        Assert.True(snapshot.Catalog.TryGetGroup("SMALL", out var group));
        Assert.Equal("small-model", Assert.Single(group.Deployments).Model);
        Assert.Equal("team", snapshot.Keys.Identify("sk-team")?.Name);
    }

    [Theory]
    [InlineData("Gateway:ModelGroups:small:Deployments:0:Upstream", "missing", "Gateway:ModelGroups:small:Deployments:0:Upstream: unknown upstream 'missing'")]
    [InlineData("Gateway:Upstreams:local:IdleTimeout", "10s", "Gateway:Upstreams:local:IdleTimeout: '10s' is not a TimeSpan")]
    [InlineData("Gateway:ApiKeys:0:Key", "env:LLMGATEWAY_TEST_VARIABLE_THAT_IS_NEVER_SET", "Gateway:ApiKeys:0:Key: the environment variable 'LLMGATEWAY_TEST_VARIABLE_THAT_IS_NEVER_SET' is not set")]
    [InlineData("Gateway:MaxRequestBodyBytes", "lots", "Gateway:MaxRequestBodyBytes")]
    public void Load_InvalidValue_IsRefusedWithTheStartMessage(string key, string value, string expected)
    {
        var load = Loader(With(Valid, (key, value))).Load(generation: 2);

        Assert.Null(load.Snapshot);
        Assert.Contains(load.Problems, problem => problem.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_OpenGatewayOnANonLoopbackAddress_IsRefusedByTheListenAddressValidator()
    {
        var settings = With(Valid, ("urls", "http://0.0.0.0:4000"), ("Gateway:ApiKeys:0:Name", null), ("Gateway:ApiKeys:0:Key", null));

        var load = Loader(settings).Load(generation: 2);

        Assert.Null(load.Snapshot);
        Assert.StartsWith("Gateway:MasterKey: is required", Assert.Single(load.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhileAFileDoesNotParse_IsRefusedNamingTheFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            using var files = new ConfigurationFiles();
            files.ReportParseError(path, "'}' is invalid.");

            var load = Loader(Valid, files).Load(generation: 2);

            Assert.Null(load.Snapshot);
            Assert.Equal($"'{path}' is not valid JSON: '}}' is invalid.", Assert.Single(load.Problems));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Fingerprint_ChangesWithTheGatewaySectionOnly()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(Valid);
        var loader = Loader(configuration);
        var before = loader.Fingerprint();

        configuration["Serilog:MinimumLevel:Default"] = "Debug";
        var otherSection = loader.Fingerprint();
        configuration["Gateway:ModelGroups:small:Deployments:0:Weight"] = "3";
        var gatewaySection = loader.Fingerprint();

        Assert.Equal(before, otherSection);
        Assert.NotEqual(before, gatewaySection);
    }

    [Fact]
    public void RestartOnlyChanges_ReportsAChangedListenAddressOnce()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(With(Valid, ("urls", "http://127.0.0.1:4000")));
        var loader = Loader(configuration);

        Assert.Empty(loader.RestartOnlyChanges());
        configuration["urls"] = "http://127.0.0.1:5000";

        Assert.Equal("urls: 'http://127.0.0.1:4000' -> 'http://127.0.0.1:5000'", Assert.Single(loader.RestartOnlyChanges()));
        Assert.Empty(loader.RestartOnlyChanges());
    }

    private static GatewayConfigurationLoader Loader(IEnumerable<KeyValuePair<string, string?>> settings, ConfigurationFiles? files = null)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(settings);
        return Loader(configuration, files);
    }

    /// <summary>The loader as the gateway registers it, with the gateway's own validators.</summary>
    private static GatewayConfigurationLoader Loader(IConfiguration configuration, ConfigurationFiles? files = null)
    {
        var services = new ServiceCollection().AddSingleton(configuration).AddLogging();
        if (files is not null)
        {
            services.AddSingleton(files);
        }

        return services.AddGateway().BuildServiceProvider().GetRequiredService<GatewayConfigurationLoader>();
    }

    private static Dictionary<string, string?> With(Dictionary<string, string?> settings, params (string Key, string? Value)[] changes)
    {
        var copy = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                copy.Remove(key);
            }
            else
            {
                copy[key] = value;
            }
        }

        return copy;
    }
}
