using System.Buffers.Text;
using LlmGateway.Protocols.Json;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>
/// Recognizes a text delta written exactly as Anthropic writes it,
/// <c>{"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"…"}}</c>, byte for byte, with a
/// string a strict parser accepts. Most of a stream is such events; anything else takes the general path.
/// </summary>
internal static class CanonicalTextDelta
{
    public static bool TryRead(ReadOnlySpan<byte> data, out long index, out ReadOnlySpan<byte> text)
    {
        index = 0;
        text = default;
        var head = "{\"type\":\"content_block_delta\",\"index\":"u8;
        var middle = ",\"delta\":{\"type\":\"text_delta\",\"text\":\""u8;
        var tail = "\"}}"u8;
        if (!data.StartsWith(head))
        {
            return false;
        }

        var rest = data[head.Length..];
        if (!JsonIntegerScanner.TryFindEnd(rest, out var digits) || rest[0] == (byte)'-'
            || !Utf8Parser.TryParse(rest[..digits], out index, out _))
        {
            return false;
        }

        rest = rest[digits..];
        if (!rest.StartsWith(middle) || !JsonStringScanner.TryFindEnd(rest[middle.Length..], out var length))
        {
            return false;
        }

        rest = rest[middle.Length..];
        if (!rest[length..].SequenceEqual(tail))
        {
            return false;
        }

        text = rest[..length];
        return true;
    }
}
