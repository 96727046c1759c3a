using System.Text.Json;

namespace LlmGateway.Protocols.Json;

/// <summary>Decides whether a property of a raw object is left out of a copy.</summary>
public delegate bool PropertyFilter(ReadOnlySpan<byte> escapedName);

/// <summary>Copies the properties of a raw JSON object into a writer, leaving out the ones the caller rewrites.</summary>
public static class JsonObjectCopier
{
    /// <summary>Writes every property of <paramref name="rawObject"/> that <paramref name="skip"/> does not reject, values unchanged.</summary>
    public static void CopyProperties(Utf8JsonWriter json, ReadOnlySpan<byte> rawObject, PropertyFilter skip)
    {
        var reader = new Utf8JsonReader(rawObject);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var start = (int)reader.TokenStartIndex;
            var name = rawObject.Slice(start + 1, reader.ValueSpan.Length);
            var escaped = reader.ValueIsEscaped;
            var value = JsonSlice.Read(ref reader);
            if (skip(name))
            {
                continue;
            }

            if (escaped)
            {
                json.WritePropertyName(JsonText.Unescape(name));
            }
            else
            {
                json.WritePropertyName(name);
            }

            json.WriteRawValue(value.RawValue(rawObject), skipInputValidation: true);
        }
    }
}
