using System.Text.Encodings.Web;
using System.Text.Json;
using LlmGateway.Protocols.Json;

namespace LlmGateway.Protocols.OpenAIResponses;

/// <summary>
/// The echoed request fields of a Response (<c>tools</c>, <c>temperature</c>, <c>metadata</c>…), read once from the
/// upstream's own skeleton or the client's request and then written into every lifecycle event and the final Response
/// without being parsed again.
/// </summary>
internal sealed class ResponseSkeleton
{
    // The encoders' writers escape with the relaxed encoder; names encoded the same way give the same bytes.
    private static readonly JavaScriptEncoder NameEncoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private readonly byte[] _raw;
    private readonly (JsonEncodedText Name, int Start, int Length)[] _fields;
    private readonly bool _hasParallelToolCalls;
    private readonly bool _hasToolChoice;
    private readonly bool _hasTools;
    private readonly bool _hasMetadata;

    private ResponseSkeleton(byte[] raw)
    {
        _raw = raw;
        var fields = new List<(JsonEncodedText, int, int)>();
        if (raw.Length > 0)
        {
            var reader = new Utf8JsonReader(raw);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8) || reader.ValueTextEquals("object"u8) || reader.ValueTextEquals("created_at"u8)
                    || reader.ValueTextEquals("status"u8) || reader.ValueTextEquals("model"u8) || reader.ValueTextEquals("output"u8)
                    || reader.ValueTextEquals("usage"u8) || reader.ValueTextEquals("error"u8) || reader.ValueTextEquals("incomplete_details"u8)
                    || reader.ValueTextEquals("output_text"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue; // the encoder writes these from its own state
                }

                var nameRaw = raw.AsSpan((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
                var value = JsonSlice.Read(ref reader);
                var isParallel = nameRaw.SequenceEqual("parallel_tool_calls"u8);
                var isTools = nameRaw.SequenceEqual("tools"u8);
                var isMetadata = nameRaw.SequenceEqual("metadata"u8);
                if (value.IsNull && (isParallel || isTools || isMetadata))
                {
                    continue; // the .NET SDK rejects null for these
                }

                _hasParallelToolCalls |= isParallel;
                _hasToolChoice |= nameRaw.SequenceEqual("tool_choice"u8);
                _hasTools |= isTools;
                _hasMetadata |= isMetadata;
                var (start, length) = value.IsString ? (value.Start - 1, value.Length + 2) : (value.Start, value.Length); // strings with their quotes
                var name = nameRaw.Contains((byte)'\\') ? JsonEncodedText.Encode(JsonText.Unescape(nameRaw), NameEncoder) : JsonEncodedText.Encode(nameRaw, NameEncoder);
                fields.Add((name, start, length));
            }
        }

        _fields = [.. fields];
    }

    /// <summary>Neutral defaults only: no skeleton and no echoed request.</summary>
    public static ResponseSkeleton Empty { get; } = new([]);

    /// <summary>Reads the fields of <paramref name="rawObject"/>, a JSON object that has been validated.</summary>
    public static ResponseSkeleton Read(ReadOnlySpan<byte> rawObject) => rawObject.IsEmpty ? Empty : new ResponseSkeleton(rawObject.ToArray());

    /// <summary>Writes the echoed fields, then a default for each field the SDKs require that the skeleton lacked.</summary>
    public void WriteTo(Utf8JsonWriter json)
    {
        foreach (var (name, start, length) in _fields)
        {
            json.WritePropertyName(name);
            json.WriteRawValue(_raw.AsSpan(start, length), skipInputValidation: true);
        }

        if (!_hasParallelToolCalls)
        {
            json.WriteBoolean("parallel_tool_calls"u8, true);
        }

        if (!_hasToolChoice)
        {
            json.WriteString("tool_choice"u8, "auto"u8);
        }

        if (!_hasTools)
        {
            json.WriteStartArray("tools"u8);
            json.WriteEndArray();
        }

        if (!_hasMetadata)
        {
            json.WriteStartObject("metadata"u8);
            json.WriteEndObject();
        }
    }
}
