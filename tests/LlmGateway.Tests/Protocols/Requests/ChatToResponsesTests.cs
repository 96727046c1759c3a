using LlmGateway.Protocols;
using static LlmGateway.Tests.Protocols.Requests.Conversations;
using static LlmGateway.Tests.Protocols.Requests.TranslationAssert;

namespace LlmGateway.Tests.Protocols.Requests;

public sealed class ChatToResponsesTests
{
    [Fact]
    public void Translate_Conversation_IsExactResponsesRequest()
    {
        Translates(WireApi.ChatCompletions, WireApi.Responses, Without(Chat, "stop"), ExpectedTranslations.ResponsesFromChat);
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
