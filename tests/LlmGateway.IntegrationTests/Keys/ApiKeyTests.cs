using System.Net;
using LlmGateway.IntegrationTests.Infrastructure;

namespace LlmGateway.IntegrationTests.Keys;

/// <summary><c>Gateway:ApiKeys</c>: named client keys, each limited to its model groups, beside the master key.</summary>
public sealed class ApiKeyTests : IDisposable
{
    private const string MasterKey = "sk-keys-master";
    private const string FullKey = "sk-keys-full";
    private const string DemoOnlyKey = "sk-keys-demo-only";
    private const string EnvKey = "sk-keys-from-environment";
    private const string CountTokensPath = "/v1/messages/count_tokens";

    private readonly string _variable = "LLMGATEWAY_IT_KEY_" + Guid.NewGuid().ToString("N");
    private readonly GatewayFactory _gateway;

    public ApiKeyTests()
    {
        Environment.SetEnvironmentVariable(_variable, EnvKey);
        _gateway = GatewayFactory.Start(new GatewaySettings()
            .WithMasterKey(MasterKey)
            .WithDeployment("other", "echo", "echo-2")
            .Set("Gateway:ApiKeys:0:Name", "full")
            .Set("Gateway:ApiKeys:0:Key", FullKey)
            .Set("Gateway:ApiKeys:1:Name", "demo-only")
            .Set("Gateway:ApiKeys:1:Key", DemoOnlyKey)
            .Set("Gateway:ApiKeys:1:Models:0", "demo")
            .Set("Gateway:ApiKeys:2:Name", "from-env")
            .Set("Gateway:ApiKeys:2:Key", "env:" + _variable));
    }

    public void Dispose()
    {
        _gateway.Dispose();
        Environment.SetEnvironmentVariable(_variable, null);
    }

    [Theory]
    [InlineData(Api.MessagesPath, "x-api-key", FullKey)]
    [InlineData(Api.MessagesPath, "Authorization", "Bearer " + FullKey)]
    [InlineData(Api.ResponsesPath, "x-api-key", DemoOnlyKey)]
    [InlineData(Api.ResponsesPath, "Authorization", "Bearer " + DemoOnlyKey)]
    [InlineData(Api.MessagesPath, "x-api-key", EnvKey)]
    [InlineData(Api.ResponsesPath, "Authorization", "Bearer " + EnvKey)]
    [InlineData(Api.MessagesPath, "x-api-key", MasterKey)]
    public async Task Post_WithAKnownKey_IsServed(string path, string header, string value)
    {
        var response = await Api.PostAsync(_gateway.Url + path, Api.MinimalBody(path, "demo", "keyed hello"), (header, value));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Contains("keyed hello", response.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Api.MessagesPath, "x-api-key", "sk-unknown")]
    [InlineData(Api.ResponsesPath, "Authorization", "Bearer sk-unknown")]
    [InlineData(Api.ResponsesPath, "x-api-key", "env:LLMGATEWAY_IT_KEY")]
    public async Task Post_WithAnUnknownKey_Returns401(string path, string header, string value)
    {
        var response = await Api.PostAsync(_gateway.Url + path, Api.MinimalBody(path, "demo"), (header, value));

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        ErrorShape.AssertShape(path, response, "authentication_error", "authentication_error", "invalid_api_key");
    }

    [Fact]
    public async Task Post_TheVariableReferenceItself_Returns401()
    {
        var response = await Api.PostAsync(_gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "demo"), ("x-api-key", "env:" + _variable));

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }

    [Theory]
    [InlineData(Api.MessagesPath)]
    [InlineData(Api.ResponsesPath)]
    public async Task Post_AGroupOutsideTheKeysModels_Returns403InTheClientsShape(string path)
    {
        var response = await Api.PostAsync(_gateway.Url + path, Api.MinimalBody(path, "other"), ("x-api-key", DemoOnlyKey));

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        var message = ErrorShape.AssertShape(path, response, "permission_error", "permission_error");
        Assert.Contains("other", message, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoOnlyKey, response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_AGroupOutsideTheKeysModels_IsServedForKeysWithoutRestriction()
    {
        var full = await Api.PostAsync(_gateway.Url + Api.ResponsesPath, Api.MinimalBody(Api.ResponsesPath, "other"), ("x-api-key", FullKey));
        var master = await Api.PostAsync(_gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "other"), ("x-api-key", MasterKey));

        Assert.Equal(HttpStatusCode.OK, full.Status);
        Assert.Equal(HttpStatusCode.OK, master.Status);
    }

    [Fact]
    public async Task CountTokens_ForAGroupOutsideTheKeysModels_Returns403()
    {
        var body = Api.MinimalBody(Api.MessagesPath, "other");

        var denied = await Api.PostAsync(_gateway.Url + CountTokensPath, body, ("x-api-key", DemoOnlyKey));
        var allowed = await Api.PostAsync(_gateway.Url + CountTokensPath, body, ("x-api-key", FullKey));

        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        ErrorShape.AssertAnthropic(denied, "permission_error");
        Assert.Equal(HttpStatusCode.OK, allowed.Status);
    }

    [Theory]
    [InlineData(DemoOnlyKey, new[] { "demo" })]
    [InlineData(FullKey, new[] { "demo", "other" })]
    [InlineData(MasterKey, new[] { "demo", "other" })]
    public async Task ModelList_ShowsOnlyTheKeysGroups_InBothShapes(string key, string[] expected)
    {
        var openAI = await Api.GetAsync(_gateway.Url + "/v1/models", ("Authorization", "Bearer " + key));
        var anthropic = await Api.GetAsync(_gateway.Url + "/v1/models", ("x-api-key", key), ("anthropic-version", "2023-06-01"));

        Assert.Equal(HttpStatusCode.OK, openAI.Status);
        Assert.Equal("list", openAI.Json.GetProperty("object").GetString());
        Assert.Equal(expected, openAI.Json.GetProperty("data").EnumerateArray().Select(model => model.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.OK, anthropic.Status);
        Assert.Equal(expected, anthropic.Json.GetProperty("data").EnumerateArray().Select(model => model.GetProperty("id").GetString()));
        Assert.Equal(expected[^1], anthropic.Json.GetProperty("last_id").GetString());
    }

    [Fact]
    public async Task GetModel_OutsideTheKeysModels_Returns403()
    {
        var denied = await Api.GetAsync(_gateway.Url + "/v1/models/other", ("x-api-key", DemoOnlyKey));
        var allowed = await Api.GetAsync(_gateway.Url + "/v1/models/demo", ("x-api-key", DemoOnlyKey));

        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        ErrorShape.AssertOpenAI(denied, "permission_error");
        Assert.Equal(HttpStatusCode.OK, allowed.Status);
    }

    [Fact]
    public async Task ModelList_WithoutKey_Returns401()
    {
        var response = await Api.GetAsync(_gateway.Url + "/v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }
}
