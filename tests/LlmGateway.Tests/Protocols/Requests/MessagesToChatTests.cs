using LlmGateway.Protocols;
using static LlmGateway.Tests.Protocols.Requests.Conversations;
using static LlmGateway.Tests.Protocols.Requests.TranslationAssert;

namespace LlmGateway.Tests.Protocols.Requests;

public sealed class MessagesToChatTests
{
    [Fact]
    public void Translate_Conversation_IsExactChatRequest()
    {
        Translates(WireApi.Messages, WireApi.ChatCompletions, Messages, ExpectedTranslations.ChatFromMessages);
    }

    [Fact]
    public void Translate_SystemStringAndSystemRoleMessages_OneLeadingSystemJoinedWithBlankLines()
    {
        Translates(WireApi.Messages, WireApi.ChatCompletions, """
            {"model":"m","max_tokens":10,"system":"First.","messages":[
              {"role":"user","content":"Hi"},
              {"role":"system","content":[{"type":"text","text":"Second."},{"type":"text","text":"Third."}]},
              {"role":"user","content":"Again"}]}
            """, """
            {"model":"upstream-model","max_tokens":10,"messages":[
              {"role":"system","content":"First.\n\nSecond.\n\nThird."},
              {"role":"user","content":[{"type":"text","text":"Hi"},{"type":"text","text":"Again"}]}]}
            """);
    }

    [Fact]
    public void Translate_ToolResults_ComeBeforeUserContentAndCarryErrorsAndImages()
    {
        Translates(WireApi.Messages, WireApi.ChatCompletions, """
            {"model":"m","max_tokens":10,"messages":[
              {"role":"user","content":"Go"},
              {"role":"assistant","content":[
                {"type":"tool_use","id":"toolu_a","name":"shot","input":{}},
                {"type":"tool_use","id":"toolu_b","name":"fail","input":{"x":[1,2]}}]},
              {"role":"user","content":[
                {"type":"text","text":"Here you go"},
                {"type":"tool_result","tool_use_id":"toolu_a","content":[
                  {"type":"text","text":"captured"},
                  {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/"}}]},
                {"type":"tool_result","tool_use_id":"toolu_b","is_error":true,"content":"boom"}]}]}
            """, """
            {"model":"upstream-model","max_tokens":10,"messages":[
              {"role":"user","content":"Go"},
              {"role":"assistant","content":"","tool_calls":[
                {"id":"toolu_a","type":"function","function":{"name":"shot","arguments":"{}"}},
                {"id":"toolu_b","type":"function","function":{"name":"fail","arguments":"{\"x\":[1,2]}"}}]},
              {"role":"tool","tool_call_id":"toolu_a","content":"captured"},
              {"role":"tool","tool_call_id":"toolu_b","content":"Error: boom"},
              {"role":"user","content":[
                {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/"}},
                {"type":"text","text":"Here you go"}]}]}
            """);
    }

    [Fact]
    public void Translate_ConsecutiveSameRole_Merged()
    {
        Translates(WireApi.Messages, WireApi.ChatCompletions, """
            {"model":"m","max_tokens":10,"messages":[
              {"role":"user","content":"a"},{"role":"user","content":"b"},
              {"role":"assistant","content":"c"},{"role":"assistant","content":[{"type":"text","text":"d"}]}]}
            """, """
            {"model":"upstream-model","max_tokens":10,"messages":[
              {"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},
              {"role":"assistant","content":"c\n\nd"}]}
            """);
    }

    [Theory]
    [InlineData(1024, "low")]
    [InlineData(2048, "low")]
    [InlineData(2049, "medium")]
    [InlineData(8192, "medium")]
    [InlineData(8193, "high")]
    [InlineData(32000, "high")]
    public void Translate_ThinkingBudget_IsEffortBucket(int budget, string effort)
    {
        var chat = Translate(WireApi.Messages, WireApi.ChatCompletions, """
            {"model":"m","max_tokens":64000,"thinking":{"type":"enabled","budget_tokens":%budget%},"messages":[{"role":"user","content":"x"}]}
            """.With("budget", budget));
        JsonEqual("""
            {"model":"upstream-model","max_tokens":64000,"reasoning_effort":"%effort%","messages":[{"role":"user","content":"x"}]}
            """.With("effort", effort), chat);
    }

    [Fact]
    public void Translate_ThinkingDisabled_NoReasoningEffort()
    {
        Translates(WireApi.Messages, WireApi.ChatCompletions, """
            {"model":"m","max_tokens":5,"thinking":{"type":"disabled"},"messages":[{"role":"user","content":"x"}]}
            """, """
            {"model":"upstream-model","max_tokens":5,"messages":[{"role":"user","content":"x"}]}
            """);
    }

    [Theory]
    [InlineData("""{"type":"any"}""", "\"required\"", null)]
    [InlineData("""{"type":"none"}""", "\"none\"", null)]
    [InlineData("""{"type":"tool","name":"t"}""", """{"type":"function","function":{"name":"t"}}""", null)]
    [InlineData("""{"type":"any","disable_parallel_tool_use":true}""", "\"required\"", false)]
    public void Translate_ToolChoice_IsChatToolChoice(string choice, string expected, bool? parallel)
    {
        var parallelJson = parallel is null ? string.Empty : ",\"parallel_tool_calls\":false";
        Translates(WireApi.Messages, WireApi.ChatCompletions, """
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"tools":[{"name":"t","input_schema":{"type":"object"}}],"tool_choice":%choice%}
            """.With("choice", choice), """
            {"model":"upstream-model","max_tokens":5,"messages":[{"role":"user","content":"x"}],
             "tools":[{"type":"function","function":{"name":"t","parameters":{"type":"object"}}}],"tool_choice":%expected%%parallelJson%}
            """.With("expected", expected).With("parallelJson", parallelJson));
    }

    [Fact]
    public void Translate_PlainTextDocument_IsText()
    {
        Translates(WireApi.Messages, WireApi.ChatCompletions, """
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":[
              {"type":"document","source":{"type":"text","media_type":"text/plain","data":"The memo."}}]}]}
            """, """
            {"model":"upstream-model","max_tokens":5,"messages":[{"role":"user","content":"The memo."}]}
            """);
    }

    [Fact]
    public void Translate_HostedToolHistory_DroppedAroundText()
    {
        Translates(WireApi.Messages, WireApi.ChatCompletions, """
            {"model":"m","max_tokens":5,"messages":[
              {"role":"user","content":"news?"},
              {"role":"assistant","content":[
                {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"news"}},
                {"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]},
                {"type":"text","text":"Nothing new."}]}]}
            """, """
            {"model":"upstream-model","max_tokens":5,"messages":[{"role":"user","content":"news?"},{"role":"assistant","content":"Nothing new."}]}
            """);
    }
}
