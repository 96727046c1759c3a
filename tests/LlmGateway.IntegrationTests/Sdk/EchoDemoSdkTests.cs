#pragma warning disable OPENAI001 // ResponsesClient and its types are marked experimental in OpenAI 2.15.
using LlmGateway.IntegrationTests.Infrastructure;
using OpenAI.Responses;

namespace LlmGateway.IntegrationTests.Sdk;

/// <summary>The shipped demo group (built-in echo upstream) through the official SDKs, streaming and not.</summary>
public sealed class EchoDemoSdkTests : IDisposable
{
    private const string Key = "sk-demo-key";

    private readonly GatewayFactory _gateway = GatewayFactory.Start(new GatewaySettings().WithMasterKey(Key));

    public void Dispose() => _gateway.Dispose();

    [Fact]
    public async Task Anthropic_Create_EchoesTheLastUserMessage()
    {
        var client = Sdks.Anthropic(_gateway.Url, Key);

        var message = await client.Messages.Create(Sdks.MessageParams("demo", "echo me back please"));

        Assert.Equal("echo me back please", Sdks.TextOf(message));
        Assert.Equal("end_turn", message.StopReason?.Raw());
        Assert.Equal(4, message.Usage.OutputTokens);
    }

    [Fact]
    public async Task Anthropic_CreateStreaming_EchoesWordByWord()
    {
        var client = Sdks.Anthropic(_gateway.Url, Key);

        var deltas = await Sdks.StreamMessagesAsync(client, Sdks.MessageParams("demo", "one two three four"));

        Assert.Equal(["one", " two", " three", " four"], deltas);
    }

    [Fact]
    public async Task OpenAI_CreateResponse_EchoesTheLastUserMessage()
    {
        var client = Sdks.OpenAIResponses(_gateway.Url, Key);

        ResponseResult response = await client.CreateResponseAsync(Sdks.ResponseOptions("demo", "echo me back please", stream: false));

        Assert.Equal("echo me back please", response.GetOutputText());
        Assert.Equal(ResponseStatus.Completed, response.Status);
    }

    [Fact]
    public async Task OpenAI_CreateResponseStreaming_EchoesWordByWord()
    {
        var client = Sdks.OpenAIResponses(_gateway.Url, Key);

        var (deltas, completed) = await Sdks.StreamResponsesAsync(client, Sdks.ResponseOptions("demo", "one two three", stream: true));

        Assert.Equal(["one", " two", " three"], deltas);
        Assert.NotNull(completed);
        Assert.Equal("one two three", completed.GetOutputText());
    }
}
