using LlmGateway.Protocols;
using static LlmGateway.Tests.Protocols.Requests.Conversations;
using static LlmGateway.Tests.Protocols.Requests.TranslationAssert;

namespace LlmGateway.Tests.Protocols.Requests;

public sealed class ResponsesToChatTests
{
    private const string JsonSchemaFormat = """  "text": {"format":{"type":"json_schema","name":"weather","schema":{"type":"object"},"strict":true},"verbosity":"low"},""";

    [Fact]
    public void Translate_Conversation_IsExactChatRequest()
    {
        var body = Responses.Replace("  \"user\": \"user-7\",", JsonSchemaFormat + "\n  \"user\": \"user-7\",", StringComparison.Ordinal);
        Translates(WireApi.Responses, WireApi.ChatCompletions, body, """
            {
              "model": "upstream-model",
              "messages": [
                {"role":"system","content":"You are terse.\n\nAnswer in English."},
                {"role":"user","content":[
                  {"type":"text","text":"What is in these pictures, and what is the weather in Paris?"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"auto"}},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg","detail":"high"}}]},
                {"role":"assistant","content":"A chart and a cat. Checking the weather.","tool_calls":[
                  {"id":"call_01","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
                {"role":"tool","tool_call_id":"call_01","content":"18°C, sunny"},
                {"role":"user","content":"And tomorrow?"}
              ],
              "tools": [{"type":"function","function":{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":false}}],
              "tool_choice": "required",
              "parallel_tool_calls": true,
              "max_tokens": 32000,
              "temperature": 0.5,
              "top_p": 0.9,
              "reasoning_effort": "high",
              "user": "user-7",
              "response_format": {"type":"json_schema","json_schema":{"name":"weather","schema":{"type":"object"},"strict":true}},
              "verbosity": "low",
              "stream": true,
              "stream_options": {"include_usage": true}
            }
            """);
    }

    [Fact]
    public void Translate_InputString_OneUserMessage()
    {
        Translates(WireApi.Responses, WireApi.ChatCompletions, """
            {"model":"m","input":"Hello","instructions":"Be brief."}
            """, """
            {"model":"upstream-model","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"}]}
            """);
    }

    [Fact]
    public void Translate_FunctionCallWithoutAssistantMessage_CreatesEmptyAssistant()
    {
        Translates(WireApi.Responses, WireApi.ChatCompletions, """
            {"model":"m","input":[
              {"role":"user","content":"time?"},
              {"type":"function_call","call_id":"call_1","name":"now","arguments":"{}"},
              {"type":"function_call","call_id":"call_2","name":"tz","arguments":"{}"},
              {"type":"function_call_output","call_id":"call_1","output":[{"type":"input_text","text":"12:00"}]},
              {"type":"function_call_output","call_id":"call_2","output":"UTC"}]}
            """, """
            {"model":"upstream-model","messages":[
              {"role":"user","content":"time?"},
              {"role":"assistant","content":"","tool_calls":[
                {"id":"call_1","type":"function","function":{"name":"now","arguments":"{}"}},
                {"id":"call_2","type":"function","function":{"name":"tz","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"12:00"},
              {"role":"tool","tool_call_id":"call_2","content":"UTC"}]}
            """);
    }

    [Fact]
    public void Translate_AllowedTools_FiltersTools()
    {
        Translates(WireApi.Responses, WireApi.ChatCompletions, """
            {"model":"m","input":"x","tools":[{"type":"function","name":"a"},{"type":"function","name":"b"}],
             "tool_choice":{"type":"allowed_tools","mode":"auto","tools":[{"type":"function","name":"a"}]}}
            """, """
            {"model":"upstream-model","messages":[{"role":"user","content":"x"}],
             "tools":[{"type":"function","function":{"name":"a"}}],"tool_choice":"auto"}
            """);
    }

    [Fact]
    public void Translate_PreviousResponseIdNull_Accepted()
    {
        Translates(WireApi.Responses, WireApi.ChatCompletions, """
            {"model":"m","input":"x","previous_response_id":null,"background":false,"store":true,"metadata":{"k":"v"}}
            """, """
            {"model":"upstream-model","messages":[{"role":"user","content":"x"}]}
            """);
    }
}
