using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Unicode;

namespace LlmGateway.Protocols.Json;

/// <summary>
/// Finds the end of a JSON string's escaped content and checks it is what a strict parser accepts: no raw control
/// characters, only the escapes JSON defines, valid UTF-8. The hot paths use it to carry a string through without a
/// full <see cref="System.Text.Json.Utf8JsonReader"/> pass.
/// </summary>
public static class JsonStringScanner
{
    private const int ShortStringLength = 64;

    private static readonly SearchValues<byte> Stops = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"u8);

    /// <summary>
    /// Given the bytes just after an opening quote, the length of the escaped content up to (not including) the closing
    /// quote; false when the string does not end or is not valid JSON.
    /// </summary>
    public static bool TryFindEnd(ReadOnlySpan<byte> afterQuote, out int length)
    {
        // Property names, ids and most deltas are short plain ASCII: checked a vector (or a byte) at a time, they end
        // sooner than with general searches and UTF-8 validation. Anything else (an escape, a control character,
        // non-ASCII, a long string) takes the general scan from the start.
        var shortLimit = Math.Min(afterQuote.Length, ShortStringLength);
        var start = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            switch (TryFindShortPlainEnd(afterQuote, shortLimit, out length, out start))
            {
                case true:
                    return true;
                case false:
                    return TryFindEndGeneral(afterQuote, out length);
            }
        }

        for (var j = start; j < shortLimit; j++)
        {
            var c = afterQuote[j];
            if (c == (byte)'"')
            {
                length = j;
                return true;
            }

            if (c == (byte)'\\' || c < 0x20 || c >= 0x80)
            {
                break;
            }
        }

        return TryFindEndGeneral(afterQuote, out length);
    }

    /// <summary>
    /// Checks 32 bytes at a time while they lie within <paramref name="limit"/>: true at a closing quote with only plain
    /// ASCII before it, false at anything else first, null when fewer than 32 bytes are left to check (from
    /// <paramref name="checkedUpTo"/> on, the byte loop goes on).
    /// </summary>
    private static bool? TryFindShortPlainEnd(ReadOnlySpan<byte> afterQuote, int limit, out int length, out int checkedUpTo)
    {
        length = 0;
        ref var first = ref MemoryMarshal.GetReference(afterQuote);
        var i = 0;
        for (; i + Vector256<byte>.Count <= limit; i += Vector256<byte>.Count)
        {
            var bytes = Vector256.LoadUnsafe(ref first, (nuint)i);
            var quotes = Vector256.Equals(bytes, Vector256.Create((byte)'"')).ExtractMostSignificantBits();
            var stops = quotes
                | Vector256.Equals(bytes, Vector256.Create((byte)'\\')).ExtractMostSignificantBits()
                | Vector256.LessThan(bytes, Vector256.Create((byte)0x20)).ExtractMostSignificantBits()
                | Vector256.GreaterThanOrEqual(bytes, Vector256.Create((byte)0x80)).ExtractMostSignificantBits();
            if (stops == 0)
            {
                continue;
            }

            var at = BitOperations.TrailingZeroCount(stops);
            checkedUpTo = i;
            if ((quotes & (1u << at)) != 0)
            {
                length = i + at;
                return true;
            }

            return false;
        }

        checkedUpTo = i;
        return null;
    }

    private static bool TryFindEndGeneral(ReadOnlySpan<byte> afterQuote, out int length)
    {
        length = 0;
        var i = 0;
        while (true)
        {
            var stop = afterQuote[i..].IndexOfAny(Stops);
            if (stop < 0)
            {
                return false;
            }

            i += stop;
            var b = afterQuote[i];
            if (b == (byte)'"')
            {
                length = i;
                return Utf8.IsValid(afterQuote[..i]);
            }

            if (b != (byte)'\\' || i + 1 >= afterQuote.Length)
            {
                return false; // a raw control character, or a backslash at the end
            }

            var escaped = afterQuote[i + 1];
            if (escaped == (byte)'u')
            {
                if (i + 6 > afterQuote.Length || !IsHex(afterQuote.Slice(i + 2, 4)))
                {
                    return false;
                }

                i += 6;
            }
            else if (escaped is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
            {
                i += 2;
            }
            else
            {
                return false;
            }
        }
    }

    private static bool IsHex(ReadOnlySpan<byte> digits)
    {
        foreach (var d in digits)
        {
            if (!char.IsAsciiHexDigit((char)d))
            {
                return false;
            }
        }

        return true;
    }
}
