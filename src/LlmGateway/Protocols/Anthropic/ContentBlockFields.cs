using System.Text.Json;
using LlmGateway.Protocols.Json;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>The fields of one Messages content block (a start payload or a whole block), found in a single pass.</summary>
internal readonly record struct ContentBlockFields(
    JsonSlice Type,
    JsonSlice Id,
    JsonSlice Name,
    JsonSlice Text,
    JsonSlice Thinking,
    JsonSlice Signature,
    JsonSlice Input,
    JsonSlice Citations)
{
    public static ContentBlockFields Read(ReadOnlySpan<byte> block)
    {
        JsonSlice type = default, id = default, name = default, text = default, thinking = default, signature = default, input = default, citations = default;
        var reader = new Utf8JsonReader(block);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                type = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                id = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                name = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                text = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("thinking"u8))
            {
                thinking = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("signature"u8))
            {
                signature = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("input"u8))
            {
                input = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("citations"u8))
            {
                citations = JsonSlice.Read(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new ContentBlockFields(type, id, name, text, thinking, signature, input, citations);
    }
}
