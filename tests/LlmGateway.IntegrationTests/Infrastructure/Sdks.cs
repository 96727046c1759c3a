#pragma warning disable OPENAI001 // ResponsesClient is marked experimental in OpenAI 2.15.
using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Anthropic.Models.Messages;
using OpenAI.Responses;

namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>The official SDKs pointed at a gateway, with retries off so failures surface at once.</summary>
public static class Sdks
{
    public static AnthropicClient Anthropic(string gatewayUrl, string apiKey = "sk-anything") =>
        new() { ApiKey = apiKey, BaseUrl = gatewayUrl, MaxRetries = 0 };

    public static ResponsesClient OpenAIResponses(string gatewayUrl, string apiKey = "sk-anything") =>
        new(new ApiKeyCredential(apiKey), new ResponsesClientOptions
        {
            Endpoint = new Uri(gatewayUrl + "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

    public static MessageCreateParams MessageParams(string model, string text) => new()
    {
        Model = model,
        MaxTokens = 128,
        Messages = [new UserMessageParam(text)],
    };

    /// <summary>Streams a Messages request and returns the text deltas in order.</summary>
    public static async Task<List<string>> StreamMessagesAsync(AnthropicClient client, MessageCreateParams parameters)
    {
        var deltas = new List<string>();
        await foreach (var streamEvent in client.Messages.CreateStreaming(parameters))
        {
            if (streamEvent.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var text))
            {
                deltas.Add(text.Text);
            }
        }

        return deltas;
    }

    public static string TextOf(Message message) =>
        string.Concat(message.Content.Select(block => block.TryPickText(out var text) ? text.Text : string.Empty));

    public static CreateResponseOptions ResponseOptions(string model, string text, bool stream) => new()
    {
        Model = model,
        InputItems = { ResponseItem.CreateUserMessageItem(text) },
        StreamingEnabled = stream,
    };

    /// <summary>Streams a Responses request and returns the text deltas and the final status.</summary>
    public static async Task<(List<string> Deltas, ResponseResult? Completed)> StreamResponsesAsync(ResponsesClient client, CreateResponseOptions options)
    {
        var deltas = new List<string>();
        ResponseResult? completed = null;
        await foreach (var update in await client.CreateResponseStreamingAsync(options))
        {
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    deltas.Add(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
            }
        }

        return (deltas, completed);
    }
}
