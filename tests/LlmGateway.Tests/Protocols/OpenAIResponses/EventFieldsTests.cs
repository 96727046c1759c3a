using System.Reflection;
using System.Text;
using LlmGateway.Protocols;
using LlmGateway.Protocols.Json;
using LlmGateway.Protocols.OpenAIResponses;
using LlmGateway.Tests.Protocols.Testing;

namespace LlmGateway.Tests.Protocols.OpenAIResponses;

public sealed class EventFieldsTests
{
    private static readonly FieldInfo[] AllSlices = typeof(EventFields).GetFields().Where(f => f.FieldType == typeof(JsonSlice)).ToArray();

    /// <summary>The fields both readers find (only the flat pass gathers the unknown scalars).</summary>
    private static readonly FieldInfo[] Slices = AllSlices.Where(f => !f.Name.StartsWith("Other", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void EveryEventTheFlatPassAccepts_GivesTheFieldsTheFullReaderGives()
    {
        var events = Fixture.Streams.Where(f => f.Api == WireApi.Responses)
            .SelectMany(f => Encoding.UTF8.GetString(f.Bytes()).Split('\n'))
            .Where(line => line.StartsWith("data:", StringComparison.Ordinal))
            .Select(line => line[5..].Trim())
            .Concat(Variants())
            .Distinct()
            .ToList();

        var accepted = 0;
        foreach (var text in events)
        {
            var data = Encoding.UTF8.GetBytes(text);
            if (!EventFields.TryReadFlat(data, out var flat))
            {
                continue;
            }

            accepted++;
            var full = EventFields.ReadFull(data);
            foreach (var slice in Slices)
            {
                var a = (JsonSlice)slice.GetValue(flat)!;
                var b = (JsonSlice)slice.GetValue(full)!;
                Assert.True(a.TokenType == b.TokenType && a.Raw(data).SequenceEqual(b.Raw(data)), $"{slice.Name} differs for {text}");
            }
        }

        Assert.True(accepted > 50, $"only {accepted} of {events.Count} events took the flat pass");
    }

    [Fact]
    public void EveryEventReadByComparisonWithTheOneBefore_GivesTheFieldsAParseGives()
    {
        var streams = Fixture.Streams.Where(f => f.Api == WireApi.Responses)
            .Select(f => Encoding.UTF8.GetString(f.Bytes()).Split('\n')
                .Where(line => line.StartsWith("data:", StringComparison.Ordinal))
                .Select(line => line[5..].Trim())
                .ToList())
            .Append(TemplatedRun())
            .ToList();

        var matched = 0;
        foreach (var events in streams)
        {
            using var template = new FrameTemplate();
            var templateFields = default(EventFields);
            foreach (var text in events)
            {
                var data = Encoding.UTF8.GetBytes(text);
                var values = new JsonSlice[FrameTemplate.MaxHoles];
                var wasMatch = template.TryMatch(data, values);
                matched += wasMatch ? 1 : 0;
                EventFields expected;
                try
                {
                    expected = EventFields.Read(data);
                }
                catch (System.Text.Json.JsonException)
                {
                    Assert.False(wasMatch, $"an invalid event matched: {text}");
                    Assert.ThrowsAny<System.Text.Json.JsonException>(() => EventFields.ReadAndRecord(data, template, ref templateFields));
                    continue;
                }

                // As the decoder reads an event it does not replay.
                var actual = wasMatch ? templateFields.Map(template, values) : EventFields.ReadAndRecord(data, template, ref templateFields);
                foreach (var slice in AllSlices)
                {
                    var a = (JsonSlice)slice.GetValue(actual)!;
                    var b = (JsonSlice)slice.GetValue(expected)!;
                    Assert.True(a.TokenType == b.TokenType && a.Raw(data).SequenceEqual(b.Raw(data)), $"{slice.Name} differs for {text}");
                }
            }
        }

        Assert.True(matched > 60, $"only {matched} events were read by comparison");
    }

    [Fact]
    public void EventsWithObjects_TakeTheFullReader()
    {
        var data = """{"type":"response.output_item.added","item":{"id":"msg_1","type":"message"},"output_index":0,"sequence_number":2}"""u8;

        Assert.False(EventFields.TryReadFlat(data, out _));
        Assert.True(EventFields.Read(data).Item.IsObject);
    }

    // Deltas that repeat the one before with other text, numbers and pads, and some that change something else.
    private static List<string> TemplatedRun() =>
    [
        """{"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi","logprobs":[],"obfuscation":"Xb3"}""",
        """{"type":"response.output_text.delta","sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" \"there\" \u00e9","logprobs":[],"obfuscation":"X"}""",
        """{"type":"response.output_text.delta","sequence_number":16,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"","logprobs":[],"obfuscation":"Xb3Yy"}""",
        """{"type":"response.output_text.delta","sequence_number":-1,"item_id":"msg_2","output_index":0,"content_index":0,"delta":"","logprobs":[],"obfuscation":""}""",
        """{"type":"response.output_text.delta","sequence_number":-1,"item_id":"msg_2","output_index":0,"content_index":0,"delta":"id","logprobs":[],"obfuscation":"Xb3Yy"}""",
        """{"type":"response.output_text.delta","sequence_number":7,"item_id":"msg_2","output_index":0,"content_index":0,"delta":"bad \x","logprobs":[],"obfuscation":"Xb3Yy"}""",
        """{"type":"response.output_text.delta","sequence_number":8,"item_id":"msg_2","output_index":0,"content_index":0,"delta":"cut""",
        """{"type":"response.output_text.delta","sequence_number":9,"item_id":"msg_2","output_index":0,"content_index":0,"delta":"ok","logprobs":[{"token":"ok"}],"obfuscation":"p"}""",
        """{"type":"response.output_text.delta","sequence_number":9,"item_id":"msg_2","output_index":0,"content_index":0,"delta":"ok","logprobs":[],"obfuscation":"p","extra":1,"more":"m"}""",
        """{"type":"response.output_text.delta","sequence_number":10,"item_id":"msg_2","output_index":0,"content_index":0,"delta":"again","logprobs":[],"obfuscation":"q","extra":22,"more":"m"}""",
        """{"type":"response.function_call_arguments.delta","item_id":"fc_1","output_index":1,"delta":"{\"city\":","sequence_number":11}""",
        """{"type":"response.function_call_arguments.delta","item_id":"fc_1","output_index":1,"delta":"\"Paris\"}","sequence_number":12}""",
        """{"type":"response.function_call_arguments.delta","item_id":"fc_1","output_index":1,"delta":"x","sequence_number":1.5}""",
        """{"type":"response.output_text.done","item_id":"msg_1","text":"Hello","logprobs":[],"sequence_number":13}""",
        """{"type":"response.output_text.done","item_id":"msg_1","text":"Hello","logprobs":[],"sequence_number":14}""",
    ];

    // The same delta in other orders and spacings, with fields no handler reads, and duplicated (the last one wins).
    private static IEnumerable<string> Variants() =>
    [
        """{"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi \"there\"","logprobs":[],"obfuscation":"Xb3"}""",
        """{ "delta" : "x", "type" : "response.output_text.delta", "logprobs" : null, "sequence_number" : 7 }""",
        """{"type":"response.output_text.delta","delta":"a","delta":"b","sequence_number":1}""",
        """{"type":"response.function_call_arguments.delta","item_id":"fc_1","output_index":1,"delta":"{\"city\":","sequence_number":9}""",
        """{"type":"response.reasoning_summary_text.delta","item_id":"rs_1","summary_index":0,"delta":"think","sequence_number":3}""",
        """{"type":"response.output_text.done","item_id":"msg_1","text":"Hello","logprobs":[],"sequence_number":10}""",
        """{"type":"response.output_text.delta","delta":"x","sequence_number":-0,"output_index":true,"content_index":false}""",
    ];
}
