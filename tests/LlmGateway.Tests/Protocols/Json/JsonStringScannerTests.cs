using System.Text;
using System.Text.Json;
using LlmGateway.Protocols.Json;

namespace LlmGateway.Tests.Protocols.Json;

public sealed class JsonStringScannerTests
{
    [Theory]
    [InlineData("plain\"", 5)]
    [InlineData("\"", 0)]
    [InlineData("with \\\"quote\\\" inside\" trailing", 21)]
    [InlineData("escapes \\\\ \\/ \\b \\f \\n \\r \\t\"", 28)]
    [InlineData("unicode \\u00e9 \\uD83D\\uDE00\"", 27)]
    [InlineData("caf\u00e9 \u4e2d \U0001F600\"", 14)]
    public void ValidStrings_EndAtTheClosingQuote(string afterQuote, int expected)
    {
        var bytes = Encoding.UTF8.GetBytes(afterQuote);

        Assert.True(JsonStringScanner.TryFindEnd(bytes, out var length));
        Assert.Equal(expected, length);
        AssertStrictParserAgrees(bytes[..length], valid: true);
    }

    [Theory]
    [InlineData("unterminated")]
    [InlineData("ends in a backslash\\")]
    [InlineData("bad escape \\q\"")]
    [InlineData("short unicode \\u12\"")]
    [InlineData("non-hex unicode \\u12G4\"")]
    [InlineData("raw newline \n\"")]
    [InlineData("raw tab \t\"")]
    [InlineData("raw nul \0\"")]
    public void InvalidStrings_AreRefused(string afterQuote)
    {
        var bytes = Encoding.UTF8.GetBytes(afterQuote);

        Assert.False(JsonStringScanner.TryFindEnd(bytes, out _));
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28, (byte)'"' })] // a lead byte without its continuation
    [InlineData(new byte[] { 0xED, 0xA0, 0x80, (byte)'"' })] // an encoded surrogate
    [InlineData(new byte[] { 0xF8, 0x88, 0x80, 0x80, 0x80, (byte)'"' })] // a five-byte form
    [InlineData(new byte[] { (byte)'a', 0x80, (byte)'"' })] // a stray continuation byte
    public void InvalidUtf8_IsRefused(byte[] afterQuote)
    {
        Assert.False(JsonStringScanner.TryFindEnd(afterQuote, out _));
        AssertStrictParserAgrees(afterQuote[..^1], valid: false);
    }

    [Fact]
    public void StringsWithinLongerInput_AgreeWithAStrictParser_WhereverTheirSpecialBytesFall()
    {
        // Strings of every length up to past two vectors, each with one special byte (or none) at every position, then
        // the closing quote and more JSON after it, so the checks read whole vectors.
        var specials = new[] { "\\\"", "\\n", "\\u00e9", "\\q", "\n", "\u0001", "\u00e9", "\u4e2d", "\U0001F600", "\u007f", string.Empty };
        foreach (var special in specials)
        {
            for (var plain = 0; plain <= 70; plain++)
            {
                for (var position = 0; position <= plain; position++)
                {
                    var content = new string('a', position) + special + new string('b', plain - position);
                    var bytes = Encoding.UTF8.GetBytes(content + "\",\"next\":\"" + new string('c', 40) + "\"}");
                    var contentLength = Encoding.UTF8.GetByteCount(content);
                    var valid = Parses(bytes.AsSpan(0, contentLength).ToArray());

                    Assert.Equal(valid, JsonStringScanner.TryFindEnd(bytes, out var length));
                    if (valid)
                    {
                        Assert.Equal(contentLength, length);
                    }
                }
            }
        }

        // A lone continuation byte in either vector, and a quote right at a vector's end.
        var invalid = Encoding.UTF8.GetBytes(new string('a', 40) + "x\"" + new string('d', 40));
        invalid[40] = 0x80;
        Assert.False(JsonStringScanner.TryFindEnd(invalid, out _));
        var atEdge = Encoding.UTF8.GetBytes(new string('a', 31) + "\"" + new string('d', 40));
        Assert.True(JsonStringScanner.TryFindEnd(atEdge, out var edgeLength));
        Assert.Equal(31, edgeLength);
    }

    private static void AssertStrictParserAgrees(byte[] content, bool valid) => Assert.Equal(valid, Parses(content));

    private static bool Parses(byte[] content)
    {
        var document = new byte[content.Length + 2];
        document[0] = (byte)'"';
        content.CopyTo(document, 1);
        document[^1] = (byte)'"';
        var parsed = true;
        try
        {
            var reader = new Utf8JsonReader(document);
            reader.Read();
            _ = reader.GetString();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            parsed = false;
        }

        return parsed;
    }
}
