using LlmGateway.Protocols;
using static LlmGateway.Tests.Protocols.Requests.Conversations;
using static LlmGateway.Tests.Protocols.Requests.TranslationAssert;

namespace LlmGateway.Tests.Protocols.Requests;

public sealed class MessagesToResponsesTests
{
    [Fact]
    public void Translate_Conversation_IsExactResponsesRequest()
    {
        // Stop sequences have no Responses field (see Translate_StopSequences_Rejected); top_k is dropped as a sampling hint.
        Translates(WireApi.Messages, WireApi.Responses, Without(Messages, "stop_sequences"), """
            {
              "model": "upstream-model",
              "instructions": "You are terse.",
              "input": [
                {"type":"message","role":"user","content":[
                  {"type":"input_text","text":"What is in these pictures, and what is the weather in Paris?"},
                  {"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo=","detail":"auto"},
                  {"type":"input_image","image_url":"https://example.com/cat.jpg","detail":"auto"}]},
                {"type":"message","role":"assistant","content":[{"type":"output_text","text":"A chart and a cat. Checking the weather."}]},
                {"type":"function_call","call_id":"toolu_01","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
                {"type":"function_call_output","call_id":"toolu_01","output":"18°C, sunny"},
                {"type":"message","role":"user","content":[{"type":"input_text","text":"And tomorrow?"}]}
              ],
              "tools": [{"type":"function","name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":false}],
              "tool_choice": "auto",
              "parallel_tool_calls": false,
              "max_output_tokens": 20000,
              "temperature": 0.5,
              "top_p": 0.9,
              "reasoning": {"effort":"medium"},
              "user": "user-7",
              "stream": true
            }
            """);
    }

    [Fact]
    public void Translate_StopSequences_Rejected()
    {
        Rejects(WireApi.Messages, WireApi.Responses, Messages, "stop_sequences");
    }

    [Fact]
    public void Translate_PdfDocument_IsInputFile()
    {
        Translates(WireApi.Messages, WireApi.Responses, """
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":[
              {"type":"document","title":"q3.pdf","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="}},
              {"type":"text","text":"Summarize"}]}]}
            """, """
            {"model":"upstream-model","max_output_tokens":5,"input":[{"type":"message","role":"user","content":[
              {"type":"input_file","filename":"q3.pdf","file_data":"data:application/pdf;base64,JVBERi0="},
              {"type":"input_text","text":"Summarize"}]}]}
            """);
    }

    [Fact]
    public void Translate_ErrorToolResultWithImage_IsOutputArray()
    {
        Translates(WireApi.Messages, WireApi.Responses, """
            {"model":"m","max_tokens":5,"messages":[
              {"role":"assistant","content":[{"type":"tool_use","id":"toolu_a","name":"shot","input":{}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_a","is_error":true,"content":[
                {"type":"text","text":"blurry"},
                {"type":"image","source":{"type":"url","url":"https://example.com/s.png"}}]}]}]}
            """, """
            {"model":"upstream-model","max_output_tokens":5,"input":[
              {"type":"function_call","call_id":"toolu_a","name":"shot","arguments":"{}"},
              {"type":"function_call_output","call_id":"toolu_a","output":[
                {"type":"input_text","text":"Error: blurry"},
                {"type":"input_image","image_url":"https://example.com/s.png","detail":"auto"}]}]}
            """);
    }
}
