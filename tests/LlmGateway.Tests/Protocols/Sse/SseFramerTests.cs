using System.Text;
using LlmGateway.Protocols.Sse;

namespace LlmGateway.Tests.Protocols.Sse;

public sealed class SseFramerTests
{
    private const string TwoFrames = "event: a\ndata: {\"x\":\"héllo ✓ 😀\"}\n\nevent: b\ndata: 2\n\n";

    private static readonly (string Event, string Data)[] TwoFramesExpected = [("a", "{\"x\":\"héllo ✓ 😀\"}"), ("b", "2")];

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Feed_AnyLineEnding_YieldsSameFrames(string newline)
    {
        var input = TwoFrames.Replace("\n", newline, StringComparison.Ordinal);
        Assert.Equal(TwoFramesExpected, Frames(Encoding.UTF8.GetBytes(input)));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Feed_SplitAtEveryByte_YieldsSameFrames(string newline)
    {
        // Splits fall inside CRLF pairs and inside the 2-, 3- and 4-byte UTF-8 characters.
        var input = Encoding.UTF8.GetBytes(TwoFrames.Replace("\n", newline, StringComparison.Ordinal));
        for (var split = 0; split <= input.Length; split++)
        {
            Assert.Equal(TwoFramesExpected, Frames(input[..split], input[split..]));
        }
    }

    [Fact]
    public void Feed_FramesWithSeveralLinesSplitAtEveryByte_YieldsSameFrames()
    {
        // A frame read straight from one input and a frame finished in the next input must come out alike: multi-line
        // data, a renamed event, padded names, comments and empty data, split at every byte and in three pieces.
        var input = Encoding.UTF8.GetBytes(
            "event:  first  \ndata: one\ndata:  two ✓\n: note\ndata:\n\n" +
            "event: x\nevent:renamed\ndata: {\"a\":1}\n\n" +
            "data:\n\n" +
            "event: last\ndata: z\n\n");
        (string Event, string Data)[] expected = [("first", "one\n two ✓\n"), ("renamed", "{\"a\":1}"), ("", ""), ("last", "z")];
        Assert.Equal(expected, Frames(input));
        for (var split = 0; split <= input.Length; split++)
        {
            Assert.Equal(expected, Frames(input[..split], input[split..]));
            var second = Math.Min(input.Length, split + 9);
            Assert.Equal(expected, Frames(input[..split], input[split..second], input[second..]));
        }
    }

    [Fact]
    public void Feed_OneByteAtATime_YieldsSameFrames()
    {
        var input = Encoding.UTF8.GetBytes(TwoFrames.Replace("\n", "\r\n", StringComparison.Ordinal));
        Assert.Equal(TwoFramesExpected, Frames(input.Select(b => new[] { b }).ToArray()));
    }

    [Fact]
    public void Feed_CrlfSplitBetweenCrAndLf_DoesNotAddABlankLine()
    {
        // "data: 1\r" | "\n" | "data: 2\r\n\r\n": the LF completes the CR's terminator; both lines join one frame.
        var frames = Frames(Encoding.UTF8.GetBytes("data: 1\r"), Encoding.UTF8.GetBytes("\n"), Encoding.UTF8.GetBytes("data: 2\r\n\r\n"));
        Assert.Equal([(string.Empty, "1\n2")], frames);
    }

    [Fact]
    public void Feed_CrThenCr_IsABlankLine()
    {
        Assert.Equal([(string.Empty, "1"), (string.Empty, "2")], Frames(Encoding.UTF8.GetBytes("data: 1\r\rdata: 2\r\r")));
    }

    [Fact]
    public void Feed_MultiLineData_JoinsLinesWithLf()
    {
        var frames = Frames(Encoding.UTF8.GetBytes("event: m\ndata: {\"a\":\ndata: 1,\ndata:\"b\":2}\n\n"));
        Assert.Equal([("m", "{\"a\":\n1,\n\"b\":2}")], frames);
    }

    [Fact]
    public void Feed_CommentsAndBlankLines_AreIgnored()
    {
        var frames = Frames(Encoding.UTF8.GetBytes(": keepalive\n\n\n\n:another\nevent: x\n: inside\ndata: 1\n\n"));
        Assert.Equal([("x", "1")], frames);
    }

    [Fact]
    public void Feed_BlankLineBetweenEventAndData_LosesTheName()
    {
        // SSE semantics: the blank line dispatches (and discards) the nameless, dataless event.
        Assert.Equal([(string.Empty, "1")], Frames(Encoding.UTF8.GetBytes("event: x\n\ndata: 1\n\n")));
    }

    [Fact]
    public void Feed_EventWithoutData_IsIgnored()
    {
        Assert.Equal([("b", "2")], Frames(Encoding.UTF8.GetBytes("event: a\n\nevent: b\ndata: 2\n\n")));
    }

    [Fact]
    public void Feed_EmptyData_IsDispatchedEmpty()
    {
        Assert.Equal([("ping", string.Empty)], Frames(Encoding.UTF8.GetBytes("event: ping\ndata: \n\n")));
    }

    [Fact]
    public void Feed_FieldsWithoutSpaceAndUnknownFields_AreHandled()
    {
        var frames = Frames(Encoding.UTF8.GetBytes("id: 7\nretry: 100\nevent:x\ndata:1\nfoo: bar\ndata\n\n"));
        Assert.Equal([("x", "1\n")], frames);
    }

    [Fact]
    public void Feed_LeadingBom_IsSkipped()
    {
        var input = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(TwoFrames)).ToArray();
        Assert.Equal(TwoFramesExpected, Frames(input));
        for (var split = 0; split <= 4; split++)
        {
            Assert.Equal(TwoFramesExpected, Frames(input[..split], input[split..]));
        }
    }

    [Fact]
    public void Feed_BomAfterTheStart_IsContent()
    {
        var frames = Frames(Encoding.UTF8.GetBytes("data: \uFEFFx\n\n"));
        Assert.Equal([(string.Empty, "\uFEFFx")], frames);
    }

    [Theory]
    [InlineData("event: a\ndata: 1")]
    [InlineData("event: a\ndata: 1\n")]
    [InlineData("event: a\r\ndata: 1\r\n")]
    [InlineData("event: a\rdata: 1\r")]
    public void Finish_FinalFrameWithoutBlankLine_IsDispatched(string input)
    {
        Assert.Equal([("a", "1")], Frames(Encoding.UTF8.GetBytes(input)));
    }

    [Fact]
    public void Finish_TrailingEventWithoutData_IsIgnored()
    {
        Assert.Equal([("a", "1")], Frames(Encoding.UTF8.GetBytes("event: a\ndata: 1\n\nevent: b\n")));
    }

    [Fact]
    public void Feed_LongLinesAcrossManyChunks_AreReassembled()
    {
        var payload = new string('x', 10_000) + "é";
        var input = Encoding.UTF8.GetBytes($"event: big\ndata: {payload}\n\n");
        var chunks = input.Chunk(7).ToArray();
        Assert.Equal([("big", payload)], Frames(chunks));
    }

    private static List<(string Event, string Data)> Frames(params byte[][] chunks)
    {
        var handler = new RecordingHandler();
        using var framer = new SseFramer();
        foreach (var chunk in chunks)
        {
            framer.Feed(chunk, handler);
        }

        framer.Finish(handler);
        return handler.Frames;
    }

    private sealed class RecordingHandler : ISseFrameHandler
    {
        public List<(string Event, string Data)> Frames { get; } = [];

        public void OnFrame(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data) =>
            Frames.Add((Encoding.UTF8.GetString(eventName), Encoding.UTF8.GetString(data)));
    }
}
