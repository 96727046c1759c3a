using System.Net;
using System.Text;
using LlmGateway.IntegrationTests.Infrastructure;

namespace LlmGateway.IntegrationTests.Routing;

/// <summary>Requests the gateway refuses itself, before any upstream is called.</summary>
public sealed class RequestValidationTests : IDisposable
{
    private const long BodyLimit = 4096;

    private readonly UpstreamMock _upstream = new();
    private readonly GatewayFactory _gateway;

    public RequestValidationTests()
    {
        _gateway = GatewayFactory.Start(new GatewaySettings()
            .WithMaxRequestBodyBytes(BodyLimit)
            .WithUpstream("messages-only", _upstream.Url + "/v1", "k", "messages")
            .WithDeployment("anthropic-only", "messages-only", "m"));
    }

    public void Dispose()
    {
        _gateway.Dispose();
        _upstream.Dispose();
    }

    [Theory]
    [InlineData(Api.MessagesPath)]
    [InlineData(Api.ResponsesPath)]
    public async Task UnknownModel_Returns404InTheClientsShape(string path)
    {
        var response = await Api.PostAsync(_gateway.Url + path, Api.MinimalBody(path, "no-such-model"));

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        var message = ErrorShape.AssertShape(path, response, "not_found_error", "invalid_request_error", "model_not_found");
        Assert.Contains("no-such-model", message, StringComparison.Ordinal);
        if (path == Api.ResponsesPath)
        {
            Assert.Equal("model", response.Json.GetProperty("error").GetProperty("param").GetString());
        }

        Assert.Empty(_upstream.Requests);
    }

    [Theory]
    [InlineData(Api.MessagesPath, """{"max_tokens":1,"messages":[]}""")]
    [InlineData(Api.ResponsesPath, """{"input":"hi"}""")]
    [InlineData(Api.MessagesPath, """{"metadata":{"model":"demo"},"messages":[]}""")]
    [InlineData(Api.ResponsesPath, """{"model":42}""")]
    [InlineData(Api.MessagesPath, """{"model":"demo","model":"anthropic-only"}""")]
    [InlineData(Api.MessagesPath, """{"model":"demo",""")]
    [InlineData(Api.ResponsesPath, "model=demo")]
    [InlineData(Api.MessagesPath, """["model","demo"]""")]
    [InlineData(Api.ResponsesPath, "")]
    public async Task MissingModelOrInvalidJson_Returns400InTheClientsShape(string path, string body)
    {
        var response = await Api.PostAsync(_gateway.Url + path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        ErrorShape.AssertShape(path, response, "invalid_request_error", "invalid_request_error");
        Assert.Empty(_upstream.Requests);
    }

    [Theory]
    [InlineData(Api.MessagesPath, true)]
    [InlineData(Api.MessagesPath, false)]
    [InlineData(Api.ResponsesPath, true)]
    [InlineData(Api.ResponsesPath, false)]
    public async Task BodyOverTheLimit_Returns413InTheClientsShape(string path, bool withContentLength)
    {
        var body = Api.MinimalBody(path, "demo", new string('x', (int)BodyLimit));
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _gateway.Url + path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };

        // Without Content-Length the gateway can only notice while reading.
        request.Headers.TransferEncodingChunked = !withContentLength;

        using var raw = await client.SendAsync(request);
        var response = await ApiResponse.ReadAsync(raw);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        ErrorShape.AssertShape(path, response, "request_too_large", "invalid_request_error");
    }

    [Fact]
    public async Task BodyJustUnderTheLimit_IsServed()
    {
        var padding = new string('y', (int)BodyLimit - 200);
        var response = await Api.PostAsync(_gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "demo", padding));

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Theory]
    [InlineData("""{"model":"anthropic-only","input":"hi","previous_response_id":"resp_1"}""", "previous_response_id", "previous_response_not_found")]
    [InlineData("""{"model":"anthropic-only","input":"hi","background":true}""", "background", null)]
    [InlineData("""{"model":"anthropic-only","input":"hi","tools":[{"type":"web_search"}]}""", "tools", null)]
    public async Task TranslatedRequest_WhatCannotBeCarried_Returns400NamingTheField(string body, string param, string? code)
    {
        var response = await Api.PostAsync(_gateway.Url + Api.ResponsesPath, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        ErrorShape.AssertOpenAI(response, "invalid_request_error", code);
        Assert.Equal(param, response.Json.GetProperty("error").GetProperty("param").GetString());
        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task ModelNamesAreMatchedIgnoringCase_LikeConfigurationKeys()
    {
        var response = await Api.PostAsync(_gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "DEMO"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }
}
