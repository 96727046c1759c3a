using LlmGateway.Protocols;
using static LlmGateway.Tests.Protocols.Requests.Conversations;
using static LlmGateway.Tests.Protocols.Requests.TranslationAssert;

namespace LlmGateway.Tests.Protocols.Requests;

public sealed class ChatToMessagesTests
{
    [Fact]
    public void Translate_Conversation_IsExactMessagesRequest()
    {
        Translates(WireApi.ChatCompletions, WireApi.Messages, Chat, """
            {
              "model": "upstream-model",
              "system": "You are terse.",
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
              "max_tokens": 3000,
              "thinking": {"type":"enabled","budget_tokens":2048},
              "temperature": 0.5,
              "top_p": 0.9,
              "stop_sequences": ["END"],
              "tools": [{"name":"get_weather","description":"Current weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":true}],
              "tool_choice": {"type":"tool","name":"get_weather","disable_parallel_tool_use":true},
              "metadata": {"user_id":"user-7"},
              "stream": true
            }
            """);
    }

    [Fact]
    public void Translate_ConsecutiveToolMessages_OneUserMessage()
    {
        Translates(WireApi.ChatCompletions, WireApi.Messages, """
            {"model":"m","max_tokens":50,"messages":[
              {"role":"user","content":"Both"},
              {"role":"assistant","content":null,"tool_calls":[
                {"id":"call_a","type":"function","function":{"name":"a","arguments":""}},
                {"id":"call_b","type":"function","function":{"name":"b","arguments":"{\"n\":1}"}}]},
              {"role":"tool","tool_call_id":"call_a","content":"A"},
              {"role":"tool","tool_call_id":"call_b","content":[{"type":"text","text":"B"}]}]}
            """, """
            {"model":"upstream-model","max_tokens":50,"messages":[
              {"role":"user","content":"Both"},
              {"role":"assistant","content":[
                {"type":"tool_use","id":"call_a","name":"a","input":{}},
                {"type":"tool_use","id":"call_b","name":"b","input":{"n":1}}]},
              {"role":"user","content":[
                {"type":"tool_result","tool_use_id":"call_a","content":"A"},
                {"type":"tool_result","tool_use_id":"call_b","content":"B"}]}]}
            """);
    }

    [Fact]
    public void Translate_NoMaxTokens_Defaults4096()
    {
        Translates(WireApi.ChatCompletions, WireApi.Messages, """
            {"model":"m","messages":[{"role":"developer","content":"Be kind."},{"role":"user","content":"x"}]}
            """, """
            {"model":"upstream-model","system":"Be kind.","max_tokens":4096,"messages":[{"role":"user","content":"x"}]}
            """);
    }

    [Theory]
    [InlineData("minimal", null, 1024, 5120)]
    [InlineData("medium", null, 8192, 12288)]
    [InlineData("high", null, 16384, 20480)]
    [InlineData("high", 10000, 9999, 10000)]
    public void Translate_ReasoningEffort_IsThinkingBudget(string effort, int? maxTokens, int budget, int expectedMax)
    {
        var max = maxTokens is null ? string.Empty : $",\"max_tokens\":{maxTokens}";
        Translates(WireApi.ChatCompletions, WireApi.Messages, """
            {"model":"m","reasoning_effort":"%effort%"%max%,"messages":[{"role":"user","content":"x"}]}
            """.With("effort", effort).With("max", max), """
            {"model":"upstream-model","max_tokens":%expectedMax%,"thinking":{"type":"enabled","budget_tokens":%budget%},"messages":[{"role":"user","content":"x"}]}
            """.With("expectedMax", expectedMax).With("budget", budget));
    }

    [Theory]
    [InlineData("none", null)]
    [InlineData("low", 1000)]
    public void Translate_ReasoningWithoutRoom_NoThinking(string effort, int? maxTokens)
    {
        var max = maxTokens is null ? string.Empty : $",\"max_tokens\":{maxTokens}";
        Translates(WireApi.ChatCompletions, WireApi.Messages, """
            {"model":"m","reasoning_effort":"%effort%"%max%,"messages":[{"role":"user","content":"x"}]}
            """.With("effort", effort).With("max", max), """
            {"model":"upstream-model","max_tokens":%maxTokens%,"messages":[{"role":"user","content":"x"}]}
            """.With("maxTokens", maxTokens ?? 4096));
    }

    [Theory]
    [InlineData("\"auto\"", """{"type":"auto"}""")]
    [InlineData("\"none\"", """{"type":"none"}""")]
    [InlineData("\"required\"", """{"type":"any"}""")]
    public void Translate_ToolChoiceWord_IsMessagesToolChoice(string choice, string expected)
    {
        Translates(WireApi.ChatCompletions, WireApi.Messages, """
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"t"}}],"tool_choice":%choice%}
            """.With("choice", choice), """
            {"model":"upstream-model","max_tokens":5,"messages":[{"role":"user","content":"x"}],
             "tools":[{"name":"t","input_schema":{"type":"object","properties":{}}}],"tool_choice":%expected%}
            """.With("expected", expected));
    }

    [Fact]
    public void Translate_ParallelOffWithoutChoice_AutoWithParallelDisabled()
    {
        Translates(WireApi.ChatCompletions, WireApi.Messages, """
            {"model":"m","max_tokens":5,"parallel_tool_calls":false,"messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"t","parameters":{"type":"object"}}}]}
            """, """
            {"model":"upstream-model","max_tokens":5,"messages":[{"role":"user","content":"x"}],
             "tools":[{"name":"t","input_schema":{"type":"object"}}],"tool_choice":{"type":"auto","disable_parallel_tool_use":true}}
            """);
    }

    [Fact]
    public void Translate_ResponseFormatText_Accepted()
    {
        Translates(WireApi.ChatCompletions, WireApi.Messages, """
            {"model":"m","max_tokens":5,"response_format":{"type":"text"},"messages":[{"role":"user","content":"x"}]}
            """, """
            {"model":"upstream-model","max_tokens":5,"messages":[{"role":"user","content":"x"}]}
            """);
    }

    [Fact]
    public void Translate_AllowedTools_FiltersTools()
    {
        Translates(WireApi.ChatCompletions, WireApi.Messages, """
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],
             "tools":[{"type":"function","function":{"name":"a"}},{"type":"function","function":{"name":"b"}}],
             "tool_choice":{"type":"allowed_tools","allowed_tools":{"mode":"required","tools":[{"type":"function","function":{"name":"b"}}]}}}
            """, """
            {"model":"upstream-model","max_tokens":5,"messages":[{"role":"user","content":"x"}],
             "tools":[{"name":"b","input_schema":{"type":"object","properties":{}}}],"tool_choice":{"type":"any"}}
            """);
    }
}
