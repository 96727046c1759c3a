using System.Text.Json;
using LlmGateway.Protocols.Json;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>The fields of one Messages <c>content_block_delta.delta</c>, found in a single pass.</summary>
internal readonly record struct DeltaFields(
    JsonSlice Type,
    JsonSlice Text,
    JsonSlice Thinking,
    JsonSlice PartialJson,
    JsonSlice Signature,
    JsonSlice Citation)
{
    public static DeltaFields Read(ReadOnlySpan<byte> delta)
    {
        JsonSlice type = default, text = default, thinking = default, partialJson = default, signature = default, citation = default;
        var reader = new Utf8JsonReader(delta);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                type = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                text = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("thinking"u8))
            {
                thinking = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("partial_json"u8))
            {
                partialJson = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("signature"u8))
            {
                signature = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("citation"u8))
            {
                citation = JsonSlice.Read(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new DeltaFields(type, text, thinking, partialJson, signature, citation);
    }
}
