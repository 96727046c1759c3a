using System.Text.Json;
using LlmGateway.Protocols.Json;

namespace LlmGateway.Protocols.OpenAIResponses;

/// <summary>The top-level fields of one Responses stream event, found in a single pass.</summary>
internal struct EventFields
{
    public JsonSlice Type;
    public JsonSlice SequenceNumber;
    public JsonSlice Response;
    public JsonSlice Item;
    public JsonSlice ItemId;
    public JsonSlice OutputIndex;
    public JsonSlice ContentIndex;
    public JsonSlice SummaryIndex;
    public JsonSlice Delta;
    public JsonSlice Text;
    public JsonSlice Arguments;
    public JsonSlice Part;
    public JsonSlice Annotation;
    public JsonSlice Refusal;
    public JsonSlice Error;
    public JsonSlice Logprobs;
    public JsonSlice Name;
    public JsonSlice CallId;

    public static EventFields Read(ReadOnlySpan<byte> data)
    {
        var f = default(EventFields);
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Event data is not a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                f.Type = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                f.Delta = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("item_id"u8))
            {
                f.ItemId = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("output_index"u8))
            {
                f.OutputIndex = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("content_index"u8))
            {
                f.ContentIndex = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("sequence_number"u8))
            {
                f.SequenceNumber = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("summary_index"u8))
            {
                f.SummaryIndex = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("response"u8))
            {
                f.Response = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("item"u8))
            {
                f.Item = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                f.Text = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                f.Arguments = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("part"u8))
            {
                f.Part = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("annotation"u8))
            {
                f.Annotation = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                f.Refusal = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                f.Error = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("logprobs"u8))
            {
                f.Logprobs = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                f.Name = JsonSlice.Read(ref reader);
            }
            else if (reader.ValueTextEquals("call_id"u8))
            {
                f.CallId = JsonSlice.Read(ref reader);
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
