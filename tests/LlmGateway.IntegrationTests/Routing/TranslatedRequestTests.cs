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

        AssertJson("""
            {
              "model": "upstream-model",
              "messages": [
                {"role":"system","content":"You are terse."},
                {"role":"user","content":[
                  {"type":"text","text":"What is in these pictures, and what is the weather in Paris?"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]},
                {"role":"assistant","content":"A chart and a cat. Checking the weather.","tool_calls":[
                  {"id":"toolu_01","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
                {"role":"tool","tool_call_id":"toolu_01","content":"18°C, sunny"},
                {"role":"user","content":"And tomorrow?"}
              ],
              "tools": [{"type":"function","function":{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],
              "tool_choice": "auto",
              "parallel_tool_calls": false,
              "max_tokens": 20000,
              "temperature": 0.5,
              "top_p": 0.9,
              "top_k": 40,
              "stop": ["END"],
              "reasoning_effort": "medium",
              "user": "user-7",
              "stream": true,
              "stream_options": {"include_usage": true}
            }
            """, received.Body);
        Assert.Equal("Bearer sk-upstream", received.Authorization);
    }

    [Fact]
    public async Task ResponsesClient_MessagesUpstream_ReceivesTheMessagesRequest()
    {
        var received = await SendAsync("/v1/responses", Conversations.Responses, "messages", "/v1/messages", UpstreamScenario.PlainText.MessagesStream());

        AssertJson("""
            {
              "model": "upstream-model",
              "system": "You are terse.\n\nAnswer in English.",
              "messages": [
                {"role":"user","content":[
                  {"type":"text","text":"What is in these pictures, and what is the weather in Paris?"},
                  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
                  {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]},
                {"role":"assistant","content":[
                  {"type":"text","text":"A chart and a cat. Checking the weather."},
                  {"type":"tool_use","id":"call_01","name":"get_weather","input":{"city":"Paris"}}]},
                {"role":"user","content":[
                  {"type":"tool_result","tool_use_id":"call_01","content":"18°C, sunny"},
                  {"type":"text","text":"And tomorrow?"}]}
              ],
              "max_tokens": 32000,
              "thinking": {"type":"enabled","budget_tokens":16384},
              "temperature": 0.5,
              "top_p": 0.9,
              "tools": [{"name":"get_weather","description":"Current weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":false}],
              "tool_choice": {"type":"any"},
              "metadata": {"user_id":"user-7"},
              "stream": true
            }
            """, received.Body);
        Assert.Null(received.Authorization);
        Assert.Equal("sk-upstream", received.ApiKey);
    }

    [Fact]
    public async Task ChatClient_ResponsesUpstream_ReceivesTheResponsesRequest()
    {
        var received = await SendAsync("/v1/chat/completions", Conversations.Without(Conversations.Chat, "stop"), "responses", "/v1/responses", UpstreamScenario.PlainText.ResponsesStream());

        AssertJson("""
            {
              "model": "upstream-model",
              "instructions": "You are terse.",
              "input": [
                {"type":"message","role":"user","content":[
                  {"type":"input_text","text":"What is in these pictures, and what is the weather in Paris?"},
                  {"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo=","detail":"auto"},
                  {"type":"input_image","image_url":"https://example.com/cat.jpg","detail":"low"}]},
                {"type":"message","role":"assistant","content":[{"type":"output_text","text":"A chart and a cat. Checking the weather."}]},
                {"type":"function_call","call_id":"call_01","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
                {"type":"function_call_output","call_id":"call_01","output":"18°C, sunny"},
                {"type":"message","role":"user","content":[{"type":"input_text","text":"And tomorrow?"}]}
              ],
              "tools": [{"type":"function","name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":true}],
              "tool_choice": {"type":"function","name":"get_weather"},
              "parallel_tool_calls": false,
              "max_output_tokens": 3000,
              "temperature": 0.5,
              "top_p": 0.9,
              "reasoning": {"effort":"low"},
              "user": "user-7",
              "stream": true
            }
            """, received.Body);
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
