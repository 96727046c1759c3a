using System.Text.Json;
using LlmGateway.Protocols.Json;

namespace LlmGateway.Protocols.OpenAIResponses;

/// <summary>The fields of one Responses output item, found in a single pass.</summary>
internal struct ItemFields
{
    public JsonSlice Type;
    public JsonSlice Id;
    public JsonSlice CallId;
    public JsonSlice Name;
    public JsonSlice Arguments;
    public JsonSlice Content;
    public JsonSlice Summary;
    public JsonSlice EncryptedContent;

    public static ItemFields Read(ReadOnlySpan<byte> item)
    {
        var f = default(ItemFields);
        var reader = new Utf8JsonReader(item);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return f;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                f.Type = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                f.Id = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("call_id"u8))
            {
                f.CallId = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                f.Name = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                f.Arguments = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                f.Content = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("summary"u8))
            {
                f.Summary = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("encrypted_content"u8))
            {
                f.EncryptedContent = JsonSlice.Read(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return f;
    }
}
