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
        Translates(WireApi.Responses, WireApi.Messages, Responses, ExpectedTranslations.MessagesFromResponses);
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
