using System.Net;
using System.Text.Json.Nodes;
using LlmGateway.IntegrationTests.Infrastructure;
using LlmGateway.Tests.Protocols.Requests;

namespace LlmGateway.IntegrationTests.Routing;

/// <summary>
/// A multi-turn conversation with an image, a tool call and its result, sent by a client of one API to a group whose
/// only upstream speaks another: the exact JSON the upstream received (WireMock's request log), and its credentials.
/// </summary>
public sealed class TranslatedRequestTests : IDisposable
{
    private readonly UpstreamMock _upstream = new();

    public void Dispose() => _upstream.Dispose();

    [Fact]
    public async Task MessagesClient_ChatUpstream_ReceivesTheChatRequest()
    {
        var received = await SendAsync("/v1/messages", Conversations.Messages, "chat-completions", "/v1/chat/completions", UpstreamScenario.PlainText.ChatStream());

        AssertJson(ExpectedTranslations.ChatFromMessages, received.Body);
        Assert.Equal("Bearer sk-upstream", received.Authorization);
    }

    [Fact]
    public async Task ResponsesClient_MessagesUpstream_ReceivesTheMessagesRequest()
    {
        var received = await SendAsync("/v1/responses", Conversations.Responses, "messages", "/v1/messages", UpstreamScenario.PlainText.MessagesStream());

        AssertJson(ExpectedTranslations.MessagesFromResponses, received.Body);
        Assert.Null(received.Authorization);
        Assert.Equal("sk-upstream", received.ApiKey);
    }

    [Fact]
    public async Task ChatClient_ResponsesUpstream_ReceivesTheResponsesRequest()
    {
        var received = await SendAsync("/v1/chat/completions", Conversations.Without(Conversations.Chat, "stop"), "responses", "/v1/responses", UpstreamScenario.PlainText.ResponsesStream());

        AssertJson(ExpectedTranslations.ResponsesFromChat, received.Body);
        Assert.Equal("Bearer sk-upstream", received.Authorization);
    }

    private async Task<(string Body, string? Authorization, string? ApiKey)> SendAsync(string clientPath, string body, string upstreamApi, string upstreamPath, string upstreamAnswer)
    {
        _upstream.RespondSse(upstreamPath, upstreamAnswer);
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("only", _upstream.Url + "/v1", "sk-upstream", upstreamApi)
            .WithDeployment("translated", "only", "upstream-model"));

        var clientBody = JsonNode.Parse(body)!.AsObject();
        clientBody["model"] = "translated";
        var response = await Api.PostAsync(gateway.Url + clientPath, clientBody.ToJsonString(), ("authorization", "Bearer sk-client"), ("x-api-key", "sk-client"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var request = Assert.Single(_upstream.Requests).RequestMessage;
        var headers = request.Headers!;
        return (request.Body!, headers.TryGetValue("Authorization", out var auth) ? auth.Single() : null, headers.TryGetValue("x-api-key", out var key) ? key.Single() : null);
    }

    private static void AssertJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"upstream received:\n{actual}");
}
