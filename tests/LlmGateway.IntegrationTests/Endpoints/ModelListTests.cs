using System.Net;
using LlmGateway.IntegrationTests.Infrastructure;

namespace LlmGateway.IntegrationTests.Endpoints;

/// <summary><c>GET /v1/models</c> in OpenAI's shape, or Anthropic's when the request carries <c>anthropic-version</c>.</summary>
public sealed class ModelListTests : IDisposable
{
    private const string Key = "sk-models";

    private readonly GatewayFactory _gateway = GatewayFactory.Start(new GatewaySettings()
        .WithMasterKey(Key)
        .WithUpstream("up", "http://127.0.0.1:9/v1", null, "messages")
        .WithDeployment("zeta", "up", "z")
        .WithDeployment("alpha", "up", "a"));

    public void Dispose() => _gateway.Dispose();

    [Fact]
    public async Task List_OpenAIShape_NamesEveryGroup()
    {
        var response = await Api.GetAsync(_gateway.Url + "/v1/models", ("authorization", "Bearer " + Key));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("list", response.Json.GetProperty("object").GetString());
        var ids = response.Json.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Equal(["alpha", "demo", "zeta"], ids);
        var first = response.Json.GetProperty("data")[0];
        Assert.Equal("model", first.GetProperty("object").GetString());
        Assert.True(first.GetProperty("created").GetInt64() > 0);
        Assert.Equal("llmgateway", first.GetProperty("owned_by").GetString());
    }

    [Fact]
    public async Task List_WithAnthropicVersion_AnthropicShape()
    {
        var response = await Api.GetAsync(_gateway.Url + "/v1/models", ("x-api-key", Key), ("anthropic-version", "2023-06-01"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var data = response.Json.GetProperty("data");
        Assert.Equal("model", data[0].GetProperty("type").GetString());
        Assert.Equal("alpha", data[0].GetProperty("display_name").GetString());
        Assert.False(response.Json.GetProperty("has_more").GetBoolean());
        Assert.Equal("alpha", response.Json.GetProperty("first_id").GetString());
        Assert.Equal("zeta", response.Json.GetProperty("last_id").GetString());
    }

    [Fact]
    public async Task AnthropicSdk_ListsTheGroups()
    {
        var client = Sdks.Anthropic(_gateway.Url, Key);

        var page = await client.Models.List();

        Assert.Contains(page.Items, model => model.ID == "demo");
    }

    [Fact]
    public async Task Get_KnownAndUnknownModel()
    {
        var known = await Api.GetAsync(_gateway.Url + "/v1/models/alpha", ("x-api-key", Key));
        var unknown = await Api.GetAsync(_gateway.Url + "/v1/models/nope", ("x-api-key", Key));

        Assert.Equal("alpha", known.Json.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("model_not_found", unknown.Json.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task List_WithoutKey_IsRefused()
    {
        var response = await Api.GetAsync(_gateway.Url + "/v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }
}
