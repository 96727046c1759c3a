using LlmGateway.Protocols;
using static LlmGateway.Tests.Protocols.Requests.Conversations;
using static LlmGateway.Tests.Protocols.Requests.TranslationAssert;

namespace LlmGateway.Tests.Protocols.Requests;

public sealed class ChatToResponsesTests
{
    [Fact]
    public void Translate_Conversation_IsExactResponsesRequest()
    {
        Translates(WireApi.ChatCompletions, WireApi.Responses, Without(Chat, "stop"), """
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
            """);
    }

    [Fact]
    public void Translate_Stop_Rejected()
    {
        Rejects(WireApi.ChatCompletions, WireApi.Responses, Chat, "stop");
    }

    [Fact]
    public void Translate_ResponseFormatAndVerbosity_IsTextFormat()
    {
        Translates(WireApi.ChatCompletions, WireApi.Responses, """
            {"model":"m","messages":[{"role":"user","content":"x"}],"verbosity":"low",
             "response_format":{"type":"json_schema","json_schema":{"name":"w","description":"d","schema":{"type":"object"},"strict":true}}}
            """, """
            {"model":"upstream-model","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"x"}]}],
             "text":{"format":{"type":"json_schema","name":"w","description":"d","schema":{"type":"object"},"strict":true},"verbosity":"low"}}
            """);
    }

    [Fact]
    public void Translate_JsonObject_IsTextFormatJsonObject()
    {
        Translates(WireApi.ChatCompletions, WireApi.Responses, """
            {"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_object"}}
            """, """
            {"model":"upstream-model","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"x"}]}],"text":{"format":{"type":"json_object"}}}
            """);
    }

    [Fact]
    public void Translate_ToolChoiceWithoutTools_Dropped()
    {
        Translates(WireApi.Messages, WireApi.Responses, """
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"tool_choice":{"type":"none","disable_parallel_tool_use":true}}
            """, """
            {"model":"upstream-model","max_output_tokens":5,"input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"x"}]}]}
            """);
        Translates(WireApi.Responses, WireApi.ChatCompletions, """
            {"model":"m","input":"x","tool_choice":"auto","parallel_tool_calls":true,"tools":[]}
            """, """
            {"model":"upstream-model","messages":[{"role":"user","content":"x"}]}
            """);
    }

    [Fact]
    public void Translate_EmptyStopStrings_Ignored()
    {
        Translates(WireApi.ChatCompletions, WireApi.Responses, """
            {"model":"m","messages":[{"role":"user","content":"x"}],"stop":""}
            """, """
            {"model":"upstream-model","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"x"}]}]}
            """);
    }
}
