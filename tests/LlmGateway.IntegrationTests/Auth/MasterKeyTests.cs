using System.Net;
using LlmGateway.IntegrationTests.Infrastructure;

namespace LlmGateway.IntegrationTests.Auth;

public sealed class MasterKeyTests : IDisposable
{
    private const string MasterKey = "sk-gateway-master";

    private readonly GatewayFactory _gateway = GatewayFactory.Start(new GatewaySettings().WithMasterKey(MasterKey));

    public void Dispose() => _gateway.Dispose();

    public static TheoryData<string, string, string> RejectedHeaders => new()
    {
        { Api.MessagesPath, "none", "" },
        { Api.MessagesPath, "x-api-key", "sk-wrong" },
        { Api.MessagesPath, "Authorization", "Bearer sk-wrong" },
        { Api.MessagesPath, "Authorization", MasterKey },
        { Api.ResponsesPath, "none", "" },
        { Api.ResponsesPath, "x-api-key", "sk-wrong" },
        { Api.ResponsesPath, "Authorization", "Bearer sk-wrong" },
        { Api.ResponsesPath, "x-api-key", MasterKey + "x" },
    };

    [Theory]
    [MemberData(nameof(RejectedHeaders))]
    public async Task Post_WithoutTheMasterKey_Returns401InTheClientsShape(string path, string header, string value)
    {
        var headers = header == "none" ? [] : new[] { (header, value) };

        var response = await Api.PostAsync(_gateway.Url + path, Api.MinimalBody(path, "demo"), headers);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        var message = ErrorShape.AssertShape(path, response, "authentication_error", "authentication_error", "invalid_api_key");
        Assert.Contains("API key", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Api.MessagesPath, "x-api-key", MasterKey)]
    [InlineData(Api.MessagesPath, "Authorization", "Bearer " + MasterKey)]
    [InlineData(Api.ResponsesPath, "x-api-key", MasterKey)]
    [InlineData(Api.ResponsesPath, "Authorization", "Bearer " + MasterKey)]
    public async Task Post_WithTheMasterKey_IsServed(string path, string header, string value)
    {
        var response = await Api.PostAsync(_gateway.Url + path, Api.MinimalBody(path, "demo", "let me in"), (header, value));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Contains("let me in", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownV1Path_WithoutKey_Returns401BeforeAnything()
    {
        var response = await Api.PostAsync(_gateway.Url + "/v1/chat/completions", "{}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        ErrorShape.AssertOpenAI(response, "authentication_error");
    }
}
