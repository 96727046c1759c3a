using System.Net;
using LlmGateway.IntegrationTests.Infrastructure;

namespace LlmGateway.IntegrationTests.Observability;

public sealed class RequestIdTests : IDisposable
{
    private readonly GatewayFactory _gateway = GatewayFactory.Start(new GatewaySettings().WithMasterKey("sk-ids"));

    public void Dispose() => _gateway.Dispose();

    [Fact]
    public async Task Messages_CarriesRequestIdAndXRequestId_WithTheSameValue()
    {
        var response = await Api.PostAsync(_gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "demo"), ("x-api-key", "sk-ids"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var id = response.Header("request-id");
        Assert.NotNull(id);
        Assert.Matches("^req_[0-9a-f]{24}$", id);
        Assert.Equal(id, response.Header("x-request-id"));
    }

    [Fact]
    public async Task Responses_CarriesXRequestIdOnly()
    {
        var response = await Api.PostAsync(_gateway.Url + Api.ResponsesPath, Api.MinimalBody(Api.ResponsesPath, "demo", stream: true), ("Authorization", "Bearer sk-ids"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Matches("^req_[0-9a-f]{24}$", response.Header("x-request-id"));
        Assert.Null(response.Header("request-id"));
    }

    [Fact]
    public async Task EveryRequestGetsItsOwnId()
    {
        var first = await Api.PostAsync(_gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "demo"), ("x-api-key", "sk-ids"));
        var second = await Api.PostAsync(_gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "demo"), ("x-api-key", "sk-ids"));

        Assert.NotEqual(first.Header("request-id"), second.Header("request-id"));
    }

    [Fact]
    public async Task AnthropicErrorBody_RepeatsTheRequestId()
    {
        var response = await Api.PostAsync(_gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "demo"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal(response.Header("request-id"), response.Json.GetProperty("request_id").GetString());
        Assert.Equal(response.Header("request-id"), response.Header("x-request-id"));
    }

    [Fact]
    public async Task PathsOutsideV1_StillCarryXRequestId()
    {
        using var client = new HttpClient();
        using var response = await client.GetAsync(_gateway.Url + "/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(response.Headers.Contains("x-request-id"));
    }
}
