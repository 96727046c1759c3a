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

    /// <summary>
    /// Up to two string or integer values of fields no handler reads (<c>obfuscation</c>, …), found by the flat pass:
    /// they may change from one event to the next, so a template treats them as holes. More than two, and the event is
    /// not kept as a template.
    /// </summary>
    public JsonSlice Other0;
    public JsonSlice Other1;
    public int OtherCount;

    /// <summary>
    /// Deltas are flat, so they are read in one strict pass; everything else, and anything unusual, with the full
    /// reader. Both give the same fields for an event the flat pass accepts.
    /// </summary>
    public static EventFields Read(ReadOnlySpan<byte> data) => TryReadFlat(data, out var fields) ? fields : ReadFull(data);

    /// <summary>
    /// <see cref="Read(ReadOnlySpan{byte})"/> of a frame that did not match <paramref name="template"/> (a frame that did is
    /// read by <see cref="Map"/>). A delta read by the flat pass becomes the template for the next frames, its text,
    /// sequence number and unknown scalars the holes, and <paramref name="templateFields"/> become its fields.
    /// </summary>
    public static EventFields ReadAndRecord(ReadOnlySpan<byte> data, FrameTemplate template, ref EventFields templateFields)
    {
        if (!TryReadFlat(data, out var fields))
        {
            return ReadFull(data);
        }

        if (fields.Delta.Exists && fields.OtherCount <= 2)
        {
            Span<JsonSlice> holes = stackalloc JsonSlice[FrameTemplate.MaxHoles];
            var count = 0;
            foreach (var value in (ReadOnlySpan<JsonSlice>)[fields.Delta, fields.SequenceNumber, fields.Other0, fields.Other1])
            {
                if (value.IsString || value.IsNumber)
                {
                    holes[count++] = value;
                }
            }

            if (template.Record(data, holes[..count]))
            {
                templateFields = fields;
            }
        }

        return fields;
    }

    internal static bool TryReadFlat(ReadOnlySpan<byte> data, out EventFields fields)
    {
        fields = default;
        var flat = new FlatJsonObjectReader(data);
        FlatJsonToken token;
        while ((token = flat.Next(out var name, out var value)) == FlatJsonToken.Property && fields.TryAssign(name, value))
        {
        }

        return token == FlatJsonToken.End;
    }

    internal static EventFields ReadFull(ReadOnlySpan<byte> data)
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

    /// <summary>This template's fields moved to the frame that matched it. A template is read by the flat pass, so its object fields are absent.</summary>
    public readonly EventFields Map(FrameTemplate template, ReadOnlySpan<JsonSlice> values) => new()
    {
        Type = template.Map(Type, values),
        SequenceNumber = template.Map(SequenceNumber, values),
        ItemId = template.Map(ItemId, values),
        OutputIndex = template.Map(OutputIndex, values),
        ContentIndex = template.Map(ContentIndex, values),
        SummaryIndex = template.Map(SummaryIndex, values),
        Delta = template.Map(Delta, values),
        Text = template.Map(Text, values),
        Arguments = template.Map(Arguments, values),
        Refusal = template.Map(Refusal, values),
        Error = template.Map(Error, values),
        Logprobs = template.Map(Logprobs, values),
        Name = template.Map(Name, values),
        CallId = template.Map(CallId, values),
        Other0 = template.Map(Other0, values),
        Other1 = template.Map(Other1, values),
        OtherCount = OtherCount,
    };

    /// <summary>Stores a scalar field of the flat pass; false for a field this struct keeps as an object (the full reader handles those).</summary>
    private bool TryAssign(ReadOnlySpan<byte> name, JsonSlice value)
    {
        switch (name.Length)
        {
            case 4 when name.SequenceEqual("type"u8):
                Type = value;
                return true;
            case 4 when name.SequenceEqual("text"u8):
                Text = value;
                return true;
            case 4 when name.SequenceEqual("name"u8):
                Name = value;
                return true;
            case 5 when name.SequenceEqual("delta"u8):
                Delta = value;
                return true;
            case 5 when name.SequenceEqual("error"u8):
                Error = value;
                return true;
            case 7 when name.SequenceEqual("item_id"u8):
                ItemId = value;
                return true;
            case 7 when name.SequenceEqual("refusal"u8):
                Refusal = value;
                return true;
            case 7 when name.SequenceEqual("call_id"u8):
                CallId = value;
                return true;
            case 8 when name.SequenceEqual("logprobs"u8):
                Logprobs = value;
                return true;
            case 9 when name.SequenceEqual("arguments"u8):
                Arguments = value;
                return true;
            case 12 when name.SequenceEqual("output_index"u8):
                OutputIndex = value;
                return true;
            case 13 when name.SequenceEqual("content_index"u8):
                ContentIndex = value;
                return true;
            case 13 when name.SequenceEqual("summary_index"u8):
                SummaryIndex = value;
                return true;
            case 15 when name.SequenceEqual("sequence_number"u8):
                SequenceNumber = value;
                return true;
            case 4 when name.SequenceEqual("item"u8):
            case 4 when name.SequenceEqual("part"u8):
            case 8 when name.SequenceEqual("response"u8):
            case 10 when name.SequenceEqual("annotation"u8):
                // Kept as objects; a scalar here is unusual enough for the full reader to see the event.
                return false;
            default:
                // A field no event handler reads (obfuscation, …).
                if (value.IsString || value.IsNumber)
                {
                    if (OtherCount == 0)
                    {
                        Other0 = value;
                    }
                    else if (OtherCount == 1)
                    {
                        Other1 = value;
                    }

                    OtherCount++;
                }

                return true;
        }
    }
}
