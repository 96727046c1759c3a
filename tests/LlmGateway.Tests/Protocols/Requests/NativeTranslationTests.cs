using System.Text;
using LlmGateway.Protocols;
using LlmGateway.Protocols.Requests;
using static LlmGateway.Tests.Protocols.Requests.TranslationAssert;

namespace LlmGateway.Tests.Protocols.Requests;

public sealed class NativeTranslationTests
{
    [Theory]
    [InlineData(WireApi.Messages)]
    [InlineData(WireApi.Responses)]
    [InlineData(WireApi.ChatCompletions)]
    public void Translate_SameApi_OnlyModelReplaced(WireApi api)
    {
        var body = api switch
        {
            WireApi.Messages => Conversations.Messages,
            WireApi.Responses => Conversations.Responses,
            _ => Conversations.Chat,
        };
        var expected = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        expected["model"] = UpstreamModel;
        JsonEqual(expected.ToJsonString(), Translate(api, api, body));
    }

    [Fact]
    public void Translate_SameApiWithHostedTools_PassesThrough()
    {
        const string Body = """{"model":"m","input":"x","tools":[{"type":"web_search"}],"previous_response_id":"resp_1"}""";
        JsonEqual("""{"model":"upstream-model","input":"x","tools":[{"type":"web_search"}],"previous_response_id":"resp_1"}""", Translate(WireApi.Responses, WireApi.Responses, Body));
    }

    private const string WithUnsigned = """
        {"model":"m","max_tokens":5,"messages":[
          {"role":"user","content":"x"},
          {"role":"assistant","content":[
            {"type":"thinking","thinking":"from a local model","signature":""},
            {"type":"thinking","thinking":"no signature at all"},
            {"type":"thinking","thinking":"real","signature":"sig"},
            {"type":"redacted_thinking","data":"opaque"},
            {"type":"text","text":"y"}]},
          {"role":"user","content":"z"},
          {"role":"assistant","content":[{"type":"thinking","thinking":"only this"}]},
          {"role":"user","content":"w"}]}
        """;

    private const string Stripped = """
        {"model":"m","max_tokens":5,"messages":[
          {"role":"user","content":"x"},
          {"role":"assistant","content":[
            {"type":"thinking","thinking":"real","signature":"sig"},
            {"type":"redacted_thinking","data":"opaque"},
            {"type":"text","text":"y"}]},
          {"role":"user","content":"z"},
          {"role":"user","content":"w"}]}
        """;

    [Fact]
    public void StripUnsignedThinking_UnsignedBlocks_RemovedSignedKept()
    {
        var result = RequestTranslator.StripUnsignedThinking(Encoding.UTF8.GetBytes(WithUnsigned), out var changed);
        Assert.True(changed);
        JsonEqual(Stripped, Encoding.UTF8.GetString(result));
    }

    [Fact]
    public void StripUnsignedThinking_NothingUnsigned_SameBytes()
    {
        var body = Encoding.UTF8.GetBytes(Conversations.Messages);
        var result = RequestTranslator.StripUnsignedThinking(body, out var changed);
        Assert.False(changed);
        Assert.Same(body, result);
    }

    [Theory]
    [InlineData("th\\u0069nking")]
    [InlineData("\\u0074hinking")]
    [InlineData("THINKING")]
    public void StripUnsignedThinking_TypeWrittenWithEscapes_StillFound(string type)
    {
        // The word appears nowhere as written, so only the parse can find the block (or, for the capitals, not find one).
        var body = Encoding.UTF8.GetBytes($$"""{"model":"m","messages":[{"role":"assistant","content":[{"type":"{{type}}","text":"x"},{"type":"text","text":"y"}]}]}""");
        var result = RequestTranslator.StripUnsignedThinking(body, out var changed);
        if (type == "THINKING")
        {
            Assert.False(changed);
            Assert.Same(body, result);
            return;
        }

        Assert.True(changed);
        JsonEqual("""{"model":"m","messages":[{"role":"assistant","content":[{"type":"text","text":"y"}]}]}""", Encoding.UTF8.GetString(result));
    }

    [Fact]
    public void Translate_MessagesToMessages_StripsUnsignedUnlessDisabled()
    {
        var expected = System.Text.Json.Nodes.JsonNode.Parse(Stripped)!;
        expected["model"] = UpstreamModel;
        JsonEqual(expected.ToJsonString(), Translate(WireApi.Messages, WireApi.Messages, WithUnsigned));

        var kept = System.Text.Json.Nodes.JsonNode.Parse(WithUnsigned)!;
        kept["model"] = UpstreamModel;
        JsonEqual(kept.ToJsonString(), Translate(WireApi.Messages, WireApi.Messages, WithUnsigned, stripUnsignedThinking: false));
    }

    [Fact]
    public void Translate_ThinkingToChat_DroppedAndEmptiedTurnsMerged()
    {
        JsonEqual("""
            {"model":"upstream-model","max_tokens":5,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y"},
              {"role":"user","content":[{"type":"text","text":"z"},{"type":"text","text":"w"}]}]}
            """, Translate(WireApi.Messages, WireApi.ChatCompletions, WithUnsigned));
    }
}
