namespace LlmGateway.Tests.Protocols.Requests;

/// <summary>
/// One multi-turn conversation written in each client API: system text, a user turn with text and two images
/// (inline and by URL), an assistant turn with text and a tool call, the tool's result, a second user turn, a tool with
/// a schema, tool choice, limits, sampling, stop, reasoning and streaming.
/// </summary>
internal static class Conversations
{
    public const string Messages = """
        {
          "model": "claude-client",
          "system": [{"type":"text","text":"You are terse.","cache_control":{"type":"ephemeral"}}],
          "messages": [
            {"role":"user","content":[
              {"type":"text","text":"What is in these pictures, and what is the weather in Paris?"},
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
              {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]},
            {"role":"assistant","content":[
              {"type":"thinking","thinking":"Need the weather tool.","signature":"sig-abc"},
              {"type":"text","text":"A chart and a cat. Checking the weather."},
              {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}]},
            {"role":"user","content":[
              {"type":"tool_result","tool_use_id":"toolu_01","content":"18°C, sunny"},
              {"type":"text","text":"And tomorrow?"}]}
          ],
          "tools": [{"name":"get_weather","description":"Current weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"cache_control":{"type":"ephemeral"}}],
          "tool_choice": {"type":"auto","disable_parallel_tool_use":true},
          "max_tokens": 20000,
          "temperature": 0.5,
          "top_p": 0.9,
          "top_k": 40,
          "stop_sequences": ["END"],
          "thinking": {"type":"enabled","budget_tokens":6000},
          "metadata": {"user_id":"user-7"},
          "service_tier": "auto",
          "stream": true
        }
        """;

    public const string Chat = """
        {
          "model": "gpt-client",
          "messages": [
            {"role":"system","content":"You are terse."},
            {"role":"user","content":[
              {"type":"text","text":"What is in these pictures, and what is the weather in Paris?"},
              {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
              {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg","detail":"low"}}]},
            {"role":"assistant","content":"A chart and a cat. Checking the weather.","tool_calls":[
              {"id":"call_01","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
            {"role":"tool","tool_call_id":"call_01","content":"18°C, sunny"},
            {"role":"user","content":"And tomorrow?"}
          ],
          "tools": [{"type":"function","function":{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":true}}],
          "tool_choice": {"type":"function","function":{"name":"get_weather"}},
          "parallel_tool_calls": false,
          "max_completion_tokens": 3000,
          "temperature": 0.5,
          "top_p": 0.9,
          "stop": ["END"],
          "reasoning_effort": "low",
          "user": "user-7",
          "store": false,
          "stream": true,
          "stream_options": {"include_usage": true}
        }
        """;

    public const string Responses = """
        {
          "model": "gpt-client",
          "instructions": "You are terse.",
          "input": [
            {"role":"developer","content":"Answer in English."},
            {"type":"message","role":"user","content":[
              {"type":"input_text","text":"What is in these pictures, and what is the weather in Paris?"},
              {"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo=","detail":"auto"},
              {"type":"input_image","image_url":"https://example.com/cat.jpg","detail":"high"}]},
            {"type":"reasoning","id":"rs_01","summary":[{"type":"summary_text","text":"Need the weather tool."}],"encrypted_content":"gAAAA"},
            {"type":"message","role":"assistant","content":[{"type":"output_text","text":"A chart and a cat. Checking the weather."}]},
            {"type":"function_call","id":"fc_01","call_id":"call_01","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
            {"type":"function_call_output","call_id":"call_01","output":"18°C, sunny"},
            {"role":"user","content":"And tomorrow?"}
          ],
          "tools": [{"type":"function","name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":false}],
          "tool_choice": "required",
          "parallel_tool_calls": true,
          "max_output_tokens": 32000,
          "temperature": 0.5,
          "top_p": 0.9,
          "reasoning": {"effort":"high","summary":"auto"},
          "user": "user-7",
          "store": false,
          "include": ["reasoning.encrypted_content"],
          "truncation": "disabled",
          "stream": true
        }
        """;

    /// <summary>The body without one top-level property line (for the pairs where that property is a 400 of its own).</summary>
    public static string Without(string body, string property)
    {
        var lines = body.Split('\n');
        return string.Join('\n', lines.Where(l => !l.TrimStart().StartsWith($"\"{property}\"", StringComparison.Ordinal)));
    }
}
