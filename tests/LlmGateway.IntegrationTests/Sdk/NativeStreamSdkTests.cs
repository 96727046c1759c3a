#pragma warning disable OPENAI001 // ResponsesClient and its types are marked experimental in OpenAI 2.15.
using System.Net;
using LlmGateway.IntegrationTests.Infrastructure;
using OpenAI.Responses;

namespace LlmGateway.IntegrationTests.Sdk;

/// <summary>Well-formed native upstream streams (WireMock) through the gateway, consumed by the official SDKs.</summary>
public sealed class NativeStreamSdkTests : IDisposable
{
    private readonly UpstreamMock _upstream = new();

    public void Dispose() => _upstream.Dispose();

    [Fact]
    public async Task Anthropic_CreateStreaming_ReadsANativeMessagesStream()
    {
        _upstream.RespondSse("/v1/messages", WireFixtures.MessagesStream);
        using var gateway = StartGateway();

        var deltas = await Sdks.StreamMessagesAsync(Sdks.Anthropic(gateway.Url), Sdks.MessageParams("native", "hi"));

        Assert.Equal(["Hello", " from upstream"], deltas);
    }

    [Fact]
    public async Task Anthropic_Create_ReadsANativeMessagesBody()
    {
        _upstream.RespondJson("/v1/messages", 200, WireFixtures.MessagesBody);
        using var gateway = StartGateway();

        var message = await Sdks.Anthropic(gateway.Url).Messages.Create(Sdks.MessageParams("native", "hi"));

        Assert.Equal("Hello from upstream", Sdks.TextOf(message));
    }

    [Fact]
    public async Task OpenAI_CreateResponseStreaming_ReadsANativeResponsesStream()
    {
        _upstream.RespondSse("/v1/responses", WireFixtures.ResponsesStream);
        using var gateway = StartGateway();

        var (deltas, completed) = await Sdks.StreamResponsesAsync(Sdks.OpenAIResponses(gateway.Url), Sdks.ResponseOptions("native", "hi", stream: true));

        Assert.Equal(["Hello", " from upstream"], deltas);
        Assert.NotNull(completed);
        Assert.Equal(ResponseStatus.Completed, completed.Status);
    }

    [Theory]
    [InlineData(Api.MessagesPath, WireFixtures.MessagesStream)]
    [InlineData(Api.ResponsesPath, WireFixtures.ResponsesStream)]
    public async Task StreamedResponse_HasEventStreamHeaders_AndNoLength(string path, string stream)
    {
        _upstream.RespondSse(path, stream);
        using var gateway = StartGateway();

        var response = await Api.PostAsync(gateway.Url + path, Api.MinimalBody(path, "native", stream: true));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.StartsWith("text/event-stream", response.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("no-cache", response.Header("Cache-Control"));
        Assert.Null(response.Header("Content-Length"));
        Assert.Null(response.Header("Content-Encoding"));
    }

    private GatewayFactory StartGateway() => GatewayFactory.Start(new GatewaySettings()
        .WithUpstream("native-up", _upstream.Url + "/v1", "sk-native", "messages", "responses")
        .WithDeployment("native", "native-up", "upstream-model"));
}
