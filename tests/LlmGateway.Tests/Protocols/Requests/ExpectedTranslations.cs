namespace LlmGateway.Tests.Protocols.Requests;

/// <summary>
/// What an upstream must receive for <see cref="Conversations"/> in another API: shared by the translator's unit tests
/// and the integration tests that read WireMock's request log.
/// </summary>
internal static class ExpectedTranslations
{
    public const string ChatFromMessages = """
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
        """;

    public const string MessagesFromResponses = """
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
        """;

    public const string ResponsesFromChat = """
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
        """;
}
