using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace LlmGateway.Protocols.Json;

/// <summary>
/// Where one JSON value sits inside a contiguous UTF-8 document. Strings are kept as their escaped content
/// (without quotes) so text can move from upstream to client without unescaping and escaping again.
/// </summary>
public readonly struct JsonSlice
{
    private readonly int _start;
    private readonly int _length;

    private JsonSlice(JsonTokenType tokenType, int start, int length)
    {
        TokenType = tokenType;
        _start = start;
        _length = length;
    }

    /// <summary>A slice found without <see cref="Utf8JsonReader"/>: strings start after the quote and exclude it.</summary>
    public static JsonSlice Create(JsonTokenType tokenType, int start, int length) => new(tokenType, start, length);

    /// <summary>The same value, for a document that holds this slice's document at <paramref name="offset"/>.</summary>
    public JsonSlice OffsetBy(int offset) => Exists ? new(TokenType, _start + offset, _length) : this;

    /// <summary>Where the value starts in its document (for a string, just after the opening quote).</summary>
    public int Start => _start;

    /// <summary>The raw value's length (for a string, of its escaped content).</summary>
    public int Length => _length;

    /// <summary><see cref="JsonTokenType.None"/> when the property was absent.</summary>
    public JsonTokenType TokenType { get; }

    public bool Exists => TokenType != JsonTokenType.None;

    public bool IsString => TokenType == JsonTokenType.String;

    public bool IsNull => TokenType == JsonTokenType.Null;

    public bool IsObject => TokenType == JsonTokenType.StartObject;

    public bool IsArray => TokenType == JsonTokenType.StartArray;

    public bool IsNumber => TokenType == JsonTokenType.Number;

    /// <summary>Reads the value after a property name (the reader is on the name) and returns its slice; the reader ends on the value's last token.</summary>
    public static JsonSlice Read(ref Utf8JsonReader reader)
    {
        reader.Read();
        var start = (int)reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return new JsonSlice(JsonTokenType.String, start + 1, reader.ValueSpan.Length);
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                var type = reader.TokenType;
                reader.Skip();
                return new JsonSlice(type, start, (int)reader.BytesConsumed - start);
            default:
                return new JsonSlice(reader.TokenType, start, reader.ValueSpan.Length);
        }
    }

    /// <summary>The slice of one top-level property of a JSON object, or an absent slice (also for a non-object or empty input).</summary>
    public static JsonSlice Find(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name)
    {
        if (json.IsEmpty)
        {
            return default;
        }

        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return default;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
            {
                return Read(ref reader);
            }

            reader.Read();
            reader.Skip();
        }

        return default;
    }

    /// <summary>The raw bytes: escaped content for strings, the whole JSON text otherwise.</summary>
    public ReadOnlySpan<byte> Raw(ReadOnlySpan<byte> document) => Exists ? document.Slice(_start, _length) : default;

    /// <summary>The raw JSON value including quotes for strings.</summary>
    public ReadOnlySpan<byte> RawValue(ReadOnlySpan<byte> document) =>
        !Exists ? default : IsString ? document.Slice(_start - 1, _length + 2) : document.Slice(_start, _length);

    public bool ValueEquals(ReadOnlySpan<byte> document, ReadOnlySpan<byte> utf8) => IsString && Raw(document).SequenceEqual(utf8);

    /// <summary>The unescaped string, or null when the value is not a non-empty string.</summary>
    public string? GetString(ReadOnlySpan<byte> document)
    {
        if (!IsString || _length == 0)
        {
            return null;
        }

        var raw = Raw(document);
        return raw.IndexOf((byte)'\\') < 0 ? Encoding.UTF8.GetString(raw) : JsonText.Unescape(raw);
    }

    /// <summary>An integer value; floats are truncated (sglang sends <c>created_at</c> as a float).</summary>
    public long? GetInt64(ReadOnlySpan<byte> document)
    {
        if (!IsNumber)
        {
            return null;
        }

        var raw = Raw(document);
        if (Utf8Parser.TryParse(raw, out long value, out var consumed) && consumed == raw.Length)
        {
            return value;
        }

        return Utf8Parser.TryParse(raw, out double d, out _) && double.IsFinite(d) ? (long)d : null;
    }

    public bool IsInteger(ReadOnlySpan<byte> document) =>
        IsNumber && Utf8Parser.TryParse(Raw(document), out long _, out var consumed) && consumed == _length;
}
