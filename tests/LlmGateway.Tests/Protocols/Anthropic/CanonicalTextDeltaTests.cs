using System.Text;
using LlmGateway.Protocols;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Tests.Protocols.Testing;

namespace LlmGateway.Tests.Protocols.Anthropic;

public sealed class CanonicalTextDeltaTests
{
    [Theory]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}""", 0, "Hello")]
    [InlineData("""{"type":"content_block_delta","index":12,"delta":{"type":"text_delta","text":"a \"b\" \\n"}}""", 12, """a \"b\" \\n""")]
    [InlineData("""{"type":"content_block_delta","index":3,"delta":{"type":"text_delta","text":""}}""", 3, "")]
    public void TheCanonicalShape_IsRead(string data, long index, string text)
    {
        Assert.True(CanonicalTextDelta.TryRead(Encoding.UTF8.GetBytes(data), out var readIndex, out var readText));
        Assert.Equal(index, readIndex);
        Assert.Equal(text, Encoding.UTF8.GetString(readText));
    }

    [Theory]
    [InlineData("""{"index":0,"type":"content_block_delta","delta":{"type":"text_delta","text":"x"}}""")]
    [InlineData("""{"type":"content_block_delta", "index":0,"delta":{"type":"text_delta","text":"x"}}""")]
    [InlineData("""{"type":"content_block_delta","index":-1,"delta":{"type":"text_delta","text":"x"}}""")]
    [InlineData("""{"type":"content_block_delta","index":01,"delta":{"type":"text_delta","text":"x"}}""")]
    [InlineData("""{"type":"content_block_delta","index":1.5,"delta":{"type":"text_delta","text":"x"}}""")]
    [InlineData("""{"type":"content_block_delta","index":"0","delta":{"type":"text_delta","text":"x"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"x"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x","extra":1}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}} """)]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"bad \q"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x""")]
    [InlineData("""{"type":"content_block_delta","index":99999999999999999999,"delta":{"type":"text_delta","text":"x"}}""")]
    public void AnythingElse_TakesTheGeneralPath(string data)
    {
        Assert.False(CanonicalTextDelta.TryRead(Encoding.UTF8.GetBytes(data), out _, out _));
    }

    [Fact]
    public void CanonicalDeltas_NormalizeExactlyAsTheSameEventsWrittenAnotherWay()
    {
        // The same stream twice: canonical deltas (hot path) and the same deltas with their fields reordered (general path).
        var canonical = Stream(i => $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"w{{{i}}} \"q\" \u00e9\n"}}""");
        var reordered = Stream(i => $$$"""{"delta":{"text":"w{{{i}}} \"q\" \u00e9\n","type":"text_delta"},"index":0,"type":"content_block_delta"}""");
        var options = NormalizerHarness.Options(WireApi.Messages, clientStreams: true);

        var fast = NormalizerHarness.Run(options, canonical, [], out var fastReport);
        var general = NormalizerHarness.Run(options, reordered, [], out var generalReport);

        Assert.Equal(Encoding.UTF8.GetString(general), Encoding.UTF8.GetString(fast));
        Assert.Equal(0, fastReport.TotalRepairs);
        Assert.Equal(0, generalReport.TotalRepairs);
    }

    [Fact]
    public void ACanonicalDeltaWithTheWrongIndex_IsStillReportedAsABadIndex()
    {
        var input = Stream(i => $$$"""{"type":"content_block_delta","index":{{{(i == 2 ? 5 : 0)}}},"delta":{"type":"text_delta","text":"w{{{i}}}"}}""");

        NormalizerHarness.Run(NormalizerHarness.Options(WireApi.Messages, clientStreams: true), input, [], out var report);

        Assert.Equal(1, report.Count(RepairKind.BadIndex));
    }

    [Fact]
    public void ACanonicalLookingDeltaWithAnInvalidEscape_IsNotPassedThrough()
    {
        var input = Stream(i => i == 1
            ? """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"bad \q"}}"""
            : $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"w{{{i}}}"}}""");

        var output = Encoding.UTF8.GetString(NormalizerHarness.Run(NormalizerHarness.Options(WireApi.Messages, clientStreams: true), input, [], out var report));

        Assert.DoesNotContain("""\q""", output, StringComparison.Ordinal);
        Assert.Equal(1, report.Count(RepairKind.UnparsableFrame));
    }

    private static byte[] Stream(Func<int, string> delta)
    {
        var sse = new StringBuilder();
        sse.Append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n");
        sse.Append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        for (var i = 0; i < 4; i++)
        {
            sse.Append("event: content_block_delta\ndata: ").Append(delta(i)).Append("\n\n");
        }

        sse.Append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        sse.Append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":4}}\n\n");
        sse.Append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return Encoding.UTF8.GetBytes(sse.ToString());
    }
}
