#pragma warning disable OPENAI001 // ResponsesClient and its types are marked experimental in OpenAI 2.15.
using System.ClientModel;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Anthropic;
using LlmGateway.IntegrationTests.Infrastructure;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Responses;

namespace LlmGateway.IntegrationTests.Sdk;

/// <summary>
/// The 3×3 matrix: each official SDK (Anthropic Messages, OpenAI Responses, OpenAI Chat) against upstreams that speak
/// only Messages, only Responses or only Chat Completions, streaming and not, for text, reasoning, one tool call and
/// parallel tool calls. The SDK's final result must be the upstream's answer, whatever the translation.
/// </summary>
public sealed class TranslationMatrixTests(TranslationMatrixTests.MatrixGateway gateway) : IClassFixture<TranslationMatrixTests.MatrixGateway>
{
    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var scenario in UpstreamScenario.All)
        {
            foreach (var api in MatrixGateway.UpstreamApis)
            {
                data.Add(scenario.Name, api, true);
                data.Add(scenario.Name, api, false);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AnthropicSdk_GetsTheUpstreamAnswer(string scenarioName, string upstreamApi, bool stream)
    {
        var scenario = UpstreamScenario.Get(scenarioName);
        var client = Sdks.Anthropic(gateway.Url);
        var parameters = Sdks.MessageParams(MatrixGateway.GroupName(scenario, upstreamApi, stream), "hello");

        var message = stream ? await client.Messages.CreateStreaming(parameters).Aggregate() : await client.Messages.Create(parameters);

        var text = new StringBuilder();
        var thinking = new StringBuilder();
        var tools = new List<(string Id, string Name, JsonNode? Input)>();
        foreach (var block in message.Content)
        {
            if (block.TryPickText(out var t))
            {
                text.Append(t.Text);
            }
            else if (block.TryPickThinking(out var th))
            {
                thinking.Append(th.Thinking);
            }
            else if (block.TryPickToolUse(out var tool))
            {
                tools.Add((tool.ID, tool.Name, JsonSerializer.SerializeToNode(tool.Input)));
            }
        }

        Assert.Equal(scenario.Text ?? string.Empty, text.ToString());
        Assert.Equal(scenario.Reasoning ?? string.Empty, thinking.ToString());
        AssertTools(scenario, tools);
        Assert.Equal(scenario.HasTools ? "tool_use" : "end_turn", message.StopReason?.Raw());
        Assert.Equal(UpstreamScenario.OutputTokens, message.Usage.OutputTokens);
        Assert.Equal(UpstreamScenario.InputTokens, message.Usage.InputTokens);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task OpenAIResponsesSdk_GetsTheUpstreamAnswer(string scenarioName, string upstreamApi, bool stream)
    {
        var scenario = UpstreamScenario.Get(scenarioName);
        var client = Sdks.OpenAIResponses(gateway.Url);
        var options = Sdks.ResponseOptions(MatrixGateway.GroupName(scenario, upstreamApi, stream), "hello", stream);

        ResponseResult? response;
        var streamedText = new StringBuilder();
        if (stream)
        {
            response = null;
            await foreach (var update in await client.CreateResponseStreamingAsync(options))
            {
                if (update is StreamingResponseOutputTextDeltaUpdate delta)
                {
                    streamedText.Append(delta.Delta);
                }
                else if (update is StreamingResponseCompletedUpdate completed)
                {
                    response = completed.Response;
                }
            }
        }
        else
        {
            response = await client.CreateResponseAsync(options);
        }

        Assert.NotNull(response);
        var text = new StringBuilder();
        var reasoning = new StringBuilder();
        var tools = new List<(string Id, string Name, JsonNode? Input)>();
        foreach (var item in response.OutputItems)
        {
            switch (item)
            {
                case MessageResponseItem message:
                    text.AppendJoin(string.Empty, message.Content.Select(part => part.Text));
                    break;
                case ReasoningResponseItem r:
                    reasoning.AppendJoin(string.Empty, r.SummaryParts.OfType<ReasoningSummaryTextPart>().Select(part => part.Text));
                    break;
                case FunctionCallResponseItem call:
                    tools.Add((call.CallId, call.FunctionName, JsonNode.Parse(call.FunctionArguments.ToString())));
                    break;
            }
        }

        Assert.Equal(scenario.Text ?? string.Empty, text.ToString());
        if (stream)
        {
            Assert.Equal(text.ToString(), streamedText.ToString());
        }

        Assert.Equal(scenario.Reasoning ?? string.Empty, reasoning.ToString());
        AssertTools(scenario, tools);
        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.Equal(UpstreamScenario.OutputTokens, response.Usage.OutputTokenCount);
        Assert.Equal(UpstreamScenario.InputTokens, response.Usage.InputTokenCount);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task OpenAIChatSdk_GetsTheUpstreamAnswer(string scenarioName, string upstreamApi, bool stream)
    {
        var scenario = UpstreamScenario.Get(scenarioName);
        var client = new ChatClient(
            MatrixGateway.GroupName(scenario, upstreamApi, stream),
            new ApiKeyCredential("sk-anything"),
            new OpenAIClientOptions { Endpoint = new Uri(gateway.Url + "/v1"), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) });
        ChatMessage[] messages = [new UserChatMessage("hello")];

        var text = new StringBuilder();
        var tools = new List<(string Id, string Name, JsonNode? Input)>();
        ChatFinishReason? finish;
        ChatTokenUsage? usage;
        if (stream)
        {
            var calls = new SortedDictionary<int, (string Id, string Name, StringBuilder Arguments)>();
            finish = null;
            usage = null;
            await foreach (var update in client.CompleteChatStreamingAsync(messages))
            {
                text.AppendJoin(string.Empty, update.ContentUpdate.Select(part => part.Text));
                foreach (var call in update.ToolCallUpdates)
                {
                    if (!calls.TryGetValue(call.Index, out var entry))
                    {
                        entry = (call.ToolCallId, call.FunctionName, new StringBuilder());
                        calls[call.Index] = entry;
                    }

                    entry.Arguments.Append(call.FunctionArgumentsUpdate?.ToString());
                }

                finish ??= update.FinishReason;
                usage ??= update.Usage;
            }

            tools.AddRange(calls.Values.Select(c => (c.Id, c.Name, JsonNode.Parse(c.Arguments.ToString()))));
        }
        else
        {
            ChatCompletion completion = await client.CompleteChatAsync(messages);
            text.AppendJoin(string.Empty, completion.Content.Select(part => part.Text));
            tools.AddRange(completion.ToolCalls.Select(c => (c.Id, c.FunctionName, JsonNode.Parse(c.FunctionArguments.ToString()))));
            finish = completion.FinishReason;
            usage = completion.Usage;
        }

        Assert.Equal(scenario.Text ?? string.Empty, text.ToString());
        AssertTools(scenario, tools);
        Assert.Equal(scenario.HasTools ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal(UpstreamScenario.OutputTokens, usage.OutputTokenCount);
        Assert.Equal(UpstreamScenario.InputTokens, usage.InputTokenCount);
    }

    private static void AssertTools(UpstreamScenario scenario, List<(string Id, string Name, JsonNode? Input)> tools)
    {
        Assert.Equal(scenario.Tools.Count, tools.Count);
        for (var i = 0; i < tools.Count; i++)
        {
            Assert.Equal(scenario.Tools[i].Name, tools[i].Name);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(scenario.Tools[i].Arguments), tools[i].Input), $"arguments of {tools[i].Name}: {tools[i].Input?.ToJsonString()}");
            Assert.False(string.IsNullOrEmpty(tools[i].Id));
        }

        Assert.Equal(tools.Count, tools.Select(t => t.Id).Distinct().Count());
    }

    /// <summary>A WireMock upstream per (scenario, API, streamed or not) and one gateway with a model group for each.</summary>
    public sealed class MatrixGateway : IDisposable
    {
        public static readonly string[] UpstreamApis = ["messages", "responses", "chat-completions"];

        private readonly UpstreamMock _upstream = new();
        private readonly GatewayFactory _gateway;

        public MatrixGateway()
        {
            var settings = new GatewaySettings();
            foreach (var scenario in UpstreamScenario.All)
            {
                foreach (var api in UpstreamApis)
                {
                    foreach (var stream in new[] { true, false })
                    {
                        var name = GroupName(scenario, api, stream);
                        var path = $"/{name}/v1/{(api == "chat-completions" ? "chat/completions" : api)}";
                        var body = (api, stream) switch
                        {
                            ("messages", true) => scenario.MessagesStream(),
                            ("messages", false) => scenario.MessagesBody(),
                            ("responses", true) => scenario.ResponsesStream(),
                            ("responses", false) => scenario.ResponsesBody(),
                            (_, true) => scenario.ChatStream(),
                            _ => scenario.ChatBody(),
                        };
                        if (stream)
                        {
                            _upstream.RespondSse(path, body);
                        }
                        else
                        {
                            _upstream.RespondJson(path, 200, body);
                        }

                        settings.WithUpstream(name, $"{_upstream.Url}/{name}/v1", "sk-upstream", api).WithDeployment(name, name, "upstream-model");
                    }
                }
            }

            _gateway = GatewayFactory.Start(settings);
        }

        public string Url => _gateway.Url;

        public static string GroupName(UpstreamScenario scenario, string api, bool stream) => $"{scenario.Name}-{api}-{(stream ? "s" : "b")}";

        public void Dispose()
        {
            _gateway.Dispose();
            _upstream.Dispose();
        }
    }
}
