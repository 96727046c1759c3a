using LlmGateway.Protocols;
using static LlmGateway.Tests.Protocols.Requests.Conversations;
using static LlmGateway.Tests.Protocols.Requests.TranslationAssert;

namespace LlmGateway.Tests.Protocols.Requests;

public sealed class ResponsesToMessagesTests
{
    [Fact]
    public void Translate_Conversation_IsExactMessagesRequest()
    {
        // The reasoning item's encrypted_content is OpenAI's, not an Anthropic signature: stripped as unsigned thinking.
        Translates(WireApi.Responses, WireApi.Messages, Responses, """
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
            """);
    }

    [Fact]
    public void Translate_ReasoningWithoutStripping_UnsignedThinkingBlock()
    {
        var messages = Translate(WireApi.Responses, WireApi.Messages, """
            {"model":"m","max_output_tokens":100,"input":[
              {"role":"user","content":"x"},
              {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"hmm"}],"encrypted_content":"gAAA"},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"y"}]}]}
            """, stripUnsignedThinking: false);
        JsonEqual("""
            {"model":"upstream-model","max_tokens":100,"messages":[
              {"role":"user","content":"x"},
              {"role":"assistant","content":[{"type":"thinking","thinking":"hmm"},{"type":"text","text":"y"}]}]}
            """, messages);
    }

    [Fact]
    public void Translate_ReasoningOnlyAssistantTurn_DroppedAndUserTurnsMerged()
    {
        Translates(WireApi.Responses, WireApi.Messages, """
            {"model":"m","max_output_tokens":100,"input":[
              {"role":"user","content":"x"},
              {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"gAAA"},
              {"role":"user","content":"y"}]}
            """, """
            {"model":"upstream-model","max_tokens":100,"messages":[{"role":"user","content":[{"type":"text","text":"x"},{"type":"text","text":"y"}]}]}
            """);
    }
}
