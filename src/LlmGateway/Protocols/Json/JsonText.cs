using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmGateway.Protocols.Json;

/// <summary>Helpers for JSON string content kept in escaped form.</summary>
public static class JsonText
{
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>Unescapes JSON string content (without quotes).</summary>
    public static string Unescape(ReadOnlySpan<byte> escapedContent)
    {
        var quoted = ArrayPool<byte>.Shared.Rent(escapedContent.Length + 2);
        try
        {
            quoted[0] = (byte)'"';
            escapedContent.CopyTo(quoted.AsSpan(1));
            quoted[escapedContent.Length + 1] = (byte)'"';
            var reader = new Utf8JsonReader(quoted.AsSpan(0, escapedContent.Length + 2));
            reader.Read();
            return reader.GetString() ?? string.Empty;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(quoted);
        }
    }

    /// <summary>Escapes UTF-8 text into JSON string content (without quotes).</summary>
    public static byte[] Escape(ReadOnlySpan<byte> utf8) => JsonEncodedText.Encode(utf8, Encoder).EncodedUtf8Bytes.ToArray();

    /// <summary>Escapes a string into JSON string content (without quotes).</summary>
    public static byte[] Escape(string text) => JsonEncodedText.Encode(text, Encoder).EncodedUtf8Bytes.ToArray();

    /// <summary>Writes <paramref name="escapedContent"/> as a string property without re-escaping it.</summary>
    public static void WriteEscapedString(Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, ReadOnlySpan<byte> escapedContent)
    {
        writer.WritePropertyName(propertyName);
        WriteEscapedStringValue(writer, escapedContent);
    }

    /// <summary>Writes <paramref name="escapedContent"/> as a string value without re-escaping it.</summary>
    public static void WriteEscapedStringValue(Utf8JsonWriter writer, ReadOnlySpan<byte> escapedContent)
    {
        var length = escapedContent.Length + 2;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            rented[0] = (byte)'"';
            escapedContent.CopyTo(rented.AsSpan(1));
            rented[length - 1] = (byte)'"';
            writer.WriteRawValue(rented.AsSpan(0, length), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Writes a raw JSON value, or <paramref name="fallback"/> when it is empty.</summary>
    public static void WriteRawOr(Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, ReadOnlySpan<byte> raw, ReadOnlySpan<byte> fallback)
    {
        writer.WritePropertyName(propertyName);
        writer.WriteRawValue(raw.IsEmpty ? fallback : raw, skipInputValidation: true);
    }

    /// <summary>Counts UTF-8 bytes of content as a rough token estimate (about four bytes a token).</summary>
    public static long EstimateTokens(long utf8Bytes) => utf8Bytes <= 0 ? 0 : Math.Max(1, (utf8Bytes + 3) / 4);

    /// <summary>True when <paramref name="utf8"/> is exactly the UTF-8 encoding of <paramref name="text"/>.</summary>
    /// <remarks>Compares per event on hot paths (item ids), so short strings are encoded on the stack, not the heap.</remarks>
    public static bool Utf8Equals(ReadOnlySpan<byte> utf8, string text)
    {
        if (utf8.Length == text.Length && Ascii.Equals(utf8, text))
        {
            return true; // ids are ASCII: compared as they are, without encoding
        }

        // A char encodes to one to three UTF-8 bytes (a surrogate pair to four, for two chars).
        if (utf8.Length < text.Length || utf8.Length > text.Length * 3)
        {
            return false;
        }

        Span<byte> encoded = utf8.Length <= 256 ? stackalloc byte[utf8.Length] : new byte[utf8.Length];
        return Encoding.UTF8.TryGetBytes(text, encoded, out var written) && written == utf8.Length && encoded.SequenceEqual(utf8);
    }

    /// <summary>UTF-8 bytes of a string.</summary>
    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
