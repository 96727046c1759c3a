using LlmGateway.Protocols;
using static LlmGateway.Tests.Protocols.Requests.TranslationAssert;

namespace LlmGateway.Tests.Protocols.Requests;

public sealed class RoundTripTests
{
    /// <summary>A Messages request in the form the writers produce (system as a string, no cache_control), so a round trip can be compared exactly.</summary>
    private const string CanonicalMessages = """
        {
          "model": "upstream-model",
          "system": "You are terse.\n\nBe exact.",
          "messages": [
            {"role":"user","content":[
              {"type":"text","text":"Look"},
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
              {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]},
            {"role":"assistant","content":[
              {"type":"text","text":"Checking."},
              {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris","days":[1,2]}},
              {"type":"tool_use","id":"toolu_02","name":"get_time","input":{}}]},
            {"role":"user","content":[
              {"type":"tool_result","tool_use_id":"toolu_01","content":"sunny"},
              {"type":"tool_result","tool_use_id":"toolu_02","content":"noon"},
              {"type":"text","text":"Thanks. Tomorrow?"}]},
            {"role":"assistant","content":"Rain."},
            {"role":"user","content":"ok"}
          ],
          "max_tokens": 20000,
          "thinking": {"type":"enabled","budget_tokens":8192},
          "temperature": 0.2,
          "top_p": 0.8,
          "top_k": 5,
          "stop_sequences": ["END", "STOP"],
          "tools": [
            {"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}},
            {"name":"get_time","input_schema":{"type":"object","properties":{}}}],
          "tool_choice": {"type":"tool","name":"get_weather","disable_parallel_tool_use":true},
          "metadata": {"user_id":"u1"},
          "stream": true
        }
        """;

    [Fact]
    public void Translate_MessagesThroughChat_KeepsTheRequest()
    {
        var chat = Translate(WireApi.Messages, WireApi.ChatCompletions, CanonicalMessages);
        JsonEqual(CanonicalMessages, Translate(WireApi.ChatCompletions, WireApi.Messages, chat));
    }

    [Fact]
    public void Translate_MessagesThroughResponses_KeepsTheRequestButStopAndTopK()
    {
        var body = Conversations.Without(Conversations.Without(CanonicalMessages, "stop_sequences"), "top_k");
        var responses = Translate(WireApi.Messages, WireApi.Responses, body);

        // Responses defaults tools to strict, so the writer says strict:false, which Messages then states explicitly.
        var expected = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        foreach (var tool in expected["tools"]!.AsArray())
        {
            tool!["strict"] = false;
        }

        JsonEqual(expected.ToJsonString(), Translate(WireApi.Responses, WireApi.Messages, responses));
    }

    [Fact]
    public void Translate_ChatThroughMessages_KeepsTheRequest()
    {
        var chat = Translate(WireApi.Messages, WireApi.ChatCompletions, CanonicalMessages);
        JsonEqual(chat, Translate(WireApi.Messages, WireApi.ChatCompletions, Translate(WireApi.ChatCompletions, WireApi.Messages, chat)));
    }

    [Fact]
    public void Translate_ResponsesThroughChat_KeepsTheRequest()
    {
        var responses = Translate(WireApi.ChatCompletions, WireApi.Responses, Conversations.Without(Conversations.Chat, "stop"));
        JsonEqual(responses, Translate(WireApi.ChatCompletions, WireApi.Responses, Translate(WireApi.Responses, WireApi.ChatCompletions, responses)));
    }
}
