using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using LlmGateway.Protocols.Json;

namespace LlmGateway.Protocols.Requests;

/// <summary>
/// One JSON value as its raw UTF-8 text (strings keep their quotes). Readers walk request bodies with it instead of
/// building a DOM: nested objects are just narrower spans of the same body.
/// </summary>
internal readonly ref struct RawJson
{
    public RawJson(JsonTokenType kind, ReadOnlySpan<byte> value)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary><see cref="JsonTokenType.None"/> when the property was absent.</summary>
    public JsonTokenType Kind { get; }

    /// <summary>The whole JSON text of the value.</summary>
    public ReadOnlySpan<byte> Value { get; }

    public bool Exists => Kind != JsonTokenType.None;

    /// <summary>Absent or JSON <c>null</c>: both mean "not given" in every API the gateway reads.</summary>
    public bool IsMissing => Kind is JsonTokenType.None or JsonTokenType.Null;

    public bool IsString => Kind == JsonTokenType.String;

    public bool IsObject => Kind == JsonTokenType.StartObject;

    public bool IsArray => Kind == JsonTokenType.StartArray;

    /// <summary>Parses a whole document (one value, nothing after it).</summary>
    public static RawJson Parse(ReadOnlySpan<byte> document)
    {
        var reader = new Utf8JsonReader(document);
        if (!reader.Read())
        {
            throw new JsonException("The body is empty.");
        }

        var kind = reader.TokenType;
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        var end = (int)reader.BytesConsumed;
        if (reader.Read())
        {
            throw new JsonException("The body has content after its JSON value.");
        }

        return new RawJson(kind, document[start..end]);
    }

    /// <summary>The unescaped string, or null when the value is not a string.</summary>
    public string? GetString()
    {
        if (!IsString)
        {
            return null;
        }

        var content = Value[1..^1];
        return content.IndexOf((byte)'\\') < 0 ? Encoding.UTF8.GetString(content) : JsonText.Unescape(content);
    }

    /// <summary>True when the value is the string <paramref name="utf8"/> (compared unescaped only when escapes are present).</summary>
    public bool StringEquals(ReadOnlySpan<byte> utf8)
    {
        if (!IsString)
        {
            return false;
        }

        var content = Value[1..^1];
        return content.IndexOf((byte)'\\') < 0
            ? content.SequenceEqual(utf8)
            : JsonText.Unescape(content) == Encoding.UTF8.GetString(utf8);
    }

    public bool StartsWith(ReadOnlySpan<byte> utf8Prefix) => IsString && Value[1..^1].StartsWith(utf8Prefix);

    public long? GetInt64()
    {
        if (Kind != JsonTokenType.Number)
        {
            return null;
        }

        if (Utf8Parser.TryParse(Value, out long value, out var consumed) && consumed == Value.Length)
        {
            return value;
        }

        return Utf8Parser.TryParse(Value, out double d, out _) && double.IsFinite(d) && d == Math.Floor(d) ? (long)d : null;
    }

    public double? GetDouble() =>
        Kind == JsonTokenType.Number && Utf8Parser.TryParse(Value, out double d, out var consumed) && consumed == Value.Length ? d : null;

    public bool? GetBoolean() => Kind switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => null,
    };

    /// <summary>The value's JSON text as a new array (for raw schemas and tool inputs).</summary>
    public byte[] ToArray() => Value.ToArray();

    /// <summary>The value of property <paramref name="name"/> of this object, or an absent value.</summary>
    public RawJson this[ReadOnlySpan<byte> name]
    {
        get
        {
            if (!IsObject)
            {
                return default;
            }

            foreach (var property in Properties())
            {
                if (property.NameEquals(name))
                {
                    return property.Value;
                }
            }

            return default;
        }
    }

    public RawJsonPropertyEnumerator Properties() => new(IsObject ? Value : default);

    public RawJsonArrayEnumerator Items() => new(IsArray ? Value : default);
}
