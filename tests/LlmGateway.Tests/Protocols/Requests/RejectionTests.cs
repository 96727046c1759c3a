using LlmGateway.Protocols;
using static LlmGateway.Tests.Protocols.Requests.TranslationAssert;

namespace LlmGateway.Tests.Protocols.Requests;

public sealed class RejectionTests
{
    [Theory]
    [InlineData("web_search_20250305", WireApi.ChatCompletions)]
    [InlineData("bash_20250124", WireApi.ChatCompletions)]
    [InlineData("text_editor_20250728", WireApi.Responses)]
    [InlineData("computer_20250124", WireApi.Responses)]
    [InlineData("code_execution_20250825", WireApi.ChatCompletions)]
    public void Translate_MessagesServerTool_RejectedOnTools(string type, WireApi upstream)
    {
        Rejects(WireApi.Messages, upstream, """
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"tools":[{"type":"%type%","name":"t"}]}
            """.With("type", type), "tools");
    }

    [Theory]
    [InlineData("web_search")]
    [InlineData("web_search_preview")]
    [InlineData("file_search")]
    [InlineData("code_interpreter")]
    [InlineData("image_generation")]
    [InlineData("mcp")]
    [InlineData("computer_use_preview")]
    [InlineData("local_shell")]
    [InlineData("custom")]
    public void Translate_ResponsesHostedTool_RejectedOnTools(string type)
    {
        Rejects(WireApi.Responses, WireApi.ChatCompletions, """
            {"model":"m","input":"x","tools":[{"type":"function","name":"f"},{"type":"%type%","name":"t"}]}
            """.With("type", type), "tools");
    }

    [Fact]
    public void Translate_ChatCustomTool_RejectedOnTools()
    {
        Rejects(WireApi.ChatCompletions, WireApi.Messages, """
            {"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"custom","custom":{"name":"g"}}]}
            """, "tools");
    }

    [Fact]
    public void Translate_PreviousResponseId_RejectedWithoutStore()
    {
        var e = Rejects(WireApi.Responses, WireApi.ChatCompletions, """
            {"model":"m","input":"x","previous_response_id":"resp_123"}
            """, "previous_response_id");
        Assert.Equal("previous_response_not_found", e.Code);
        Assert.Contains("not supported", e.Message, StringComparison.Ordinal);
        Assert.Contains("store", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"model":"m","input":"x","background":true}""", "background")]
    [InlineData("""{"model":"m","input":"x","conversation":"conv_1"}""", "conversation")]
    [InlineData("""{"model":"m","input":"x","prompt":{"id":"pmpt_1"}}""", "prompt")]
    [InlineData("""{"model":"m","input":[{"type":"item_reference","id":"msg_1"}]}""", "input")]
    [InlineData("""{"model":"m","input":[{"role":"user","content":[{"type":"input_file","file_id":"file-1"}]}]}""", "input")]
    [InlineData("""{"model":"m","input":[{"role":"user","content":[{"type":"input_image","file_id":"file-1"}]}]}""", "input")]
    [InlineData("""{"model":"m","input":[{"type":"web_search_call","id":"ws_1"}]}""", "input")]
    [InlineData("""{"model":"m","input":"x","tool_choice":{"type":"web_search_preview"}}""", "tool_choice")]
    public void Translate_ResponsesUncarriable_Rejected(string body, string param)
    {
        Rejects(WireApi.Responses, WireApi.Messages, body, param);
    }

    [Theory]
    [InlineData("""{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="}}""", WireApi.ChatCompletions)]
    [InlineData("""{"type":"document","source":{"type":"url","url":"https://example.com/a.pdf"}}""", WireApi.ChatCompletions)]
    [InlineData("""{"type":"document","source":{"type":"file","file_id":"file_1"}}""", WireApi.Responses)]
    [InlineData("""{"type":"image","source":{"type":"file","file_id":"file_1"}}""", WireApi.ChatCompletions)]
    [InlineData("""{"type":"search_result","source":"s","title":"t","content":[]}""", WireApi.ChatCompletions)]
    public void Translate_MessagesUncarriableContent_RejectedOnMessages(string block, WireApi upstream)
    {
        Rejects(WireApi.Messages, upstream, """
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":[%block%]}]}
            """.With("block", block), "messages");
    }

    [Fact]
    public void Translate_MessagesMcpServers_Rejected()
    {
        Rejects(WireApi.Messages, WireApi.ChatCompletions, """
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"mcp_servers":[{"type":"url","url":"https://mcp.example.com","name":"x"}]}
            """, "mcp_servers");
    }

    [Theory]
    [InlineData(WireApi.ChatCompletions, """{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{}}}}""", "response_format")]
    [InlineData(WireApi.ChatCompletions, """{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_object"}}""", "response_format")]
    [InlineData(WireApi.Responses, """{"model":"m","input":"x","text":{"format":{"type":"json_schema","name":"a","schema":{}}}}""", "text.format")]
    public void Translate_StructuredOutputToMessages_Rejected(WireApi client, string body, string param)
    {
        Rejects(client, WireApi.Messages, body, param);
    }

    [Theory]
    [InlineData(WireApi.ChatCompletions, """{"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"a\":"}}]}]}""", "messages")]
    [InlineData(WireApi.ChatCompletions, """{"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"[1]"}}]}]}""", "messages")]
    [InlineData(WireApi.Responses, """{"model":"m","input":[{"type":"function_call","call_id":"c","name":"f","arguments":"not json"}]}""", "input")]
    public void Translate_ToolArgumentsNotAnObject_RejectedForMessages(WireApi client, string body, string param)
    {
        Rejects(client, WireApi.Messages, body, param);
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[],"n":2}""", "n")]
    [InlineData("""{"model":"m","messages":[],"logprobs":true}""", "logprobs")]
    [InlineData("""{"model":"m","messages":[],"logit_bias":{"50256":-100}}""", "logit_bias")]
    [InlineData("""{"model":"m","messages":[],"web_search_options":{}}""", "web_search_options")]
    [InlineData("""{"model":"m","messages":[],"functions":[{"name":"f"}]}""", "functions")]
    [InlineData("""{"model":"m","messages":[],"modalities":["text","audio"]}""", "modalities")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"x","format":"wav"}}]}]}""", "messages")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"f"}}]}]}""", "messages")]
    [InlineData("""{"model":"m","messages":[],"tool_choice":{"type":"custom","custom":{"name":"g"}}}""", "tool_choice")]
    public void Translate_ChatUncarriable_Rejected(string body, string param)
    {
        Rejects(WireApi.ChatCompletions, WireApi.Responses, body, param);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("")]
    [InlineData("{} {}")]
    public void Translate_NotAJsonObject_RejectedWithoutParam(string body)
    {
        Rejects(WireApi.Messages, WireApi.ChatCompletions, body, null);
    }
}
