using LlmGateway.Configuration;
using LlmGateway.Transport.Edge;

namespace LlmGateway.Tests.Transport.Edge;

public sealed class ApiKeyStoreTests
{
    [Fact]
    public void Identify_AcceptsOnlyTheExactMasterKey()
    {
        var store = Create("sk-ünïcode-key");

        Assert.True(store.IsRequired);
        Assert.Same(CallerKey.Master, store.Identify("sk-ünïcode-key"));
        Assert.Null(store.Identify("sk-unicode-key"));
        Assert.Null(store.Identify("sk-ünïcode-key "));
        Assert.Null(store.Identify("SK-ÜNÏCODE-KEY"));
        Assert.Null(store.Identify(""));
        Assert.Null(store.Identify(null));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void NoKeys_AreNotRequired_AndIdentifyNobody(string? key)
    {
        var store = Create(key);

        Assert.False(store.IsRequired);
        Assert.Null(store.Identify(""));
        Assert.Null(store.Identify("anything"));
    }

    [Fact]
    public void Identify_ApiKeys_ByValue_WithTheirGroupsAndLimits()
    {
        var variable = "LLMGATEWAY_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "sk-from-env");
        try
        {
            var store = Create(null, ApiKey("team", "sk-team", 5, "demo"), ApiKey("ci", "env:" + variable, null));

            Assert.True(store.IsRequired);
            var team = store.Identify("sk-team");
            Assert.NotNull(team);
            Assert.Equal("team", team.Name);
            Assert.False(team.IsMaster);
            Assert.Equal(5, team.RequestsPerMinute);
            Assert.True(team.MayUse("DEMO"));
            Assert.False(team.MayUse("other"));
            Assert.Equal("ci", store.Identify("sk-from-env")?.Name);
            Assert.True(store.Identify("sk-from-env")!.MayUse("anything"));
            Assert.Null(store.Identify("env:" + variable));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    private static ApiKeyOptions ApiKey(string name, string key, int? requestsPerMinute, params string[] models)
    {
        var options = new ApiKeyOptions { Name = name, Key = key, RequestsPerMinute = requestsPerMinute };
        options.Models.AddRange(models);
        return options;
    }

    private static ApiKeyStore Create(string? masterKey, params ApiKeyOptions[] apiKeys)
    {
        var options = new GatewayOptions { MasterKey = masterKey };
        options.ApiKeys.AddRange(apiKeys);
        return new ApiKeyStore(options);
    }
}
