using System.Reflection;
using System.Text;
using LlmGateway.Protocols;
using LlmGateway.Protocols.Json;
using LlmGateway.Protocols.OpenAIResponses;
using LlmGateway.Tests.Protocols.Testing;

namespace LlmGateway.Tests.Protocols.OpenAIResponses;

public sealed class EventFieldsTests
{
    private static readonly FieldInfo[] Slices = typeof(EventFields).GetFields().Where(f => f.FieldType == typeof(JsonSlice)).ToArray();

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
    public void EventsWithObjects_TakeTheFullReader()
    {
        var data = """{"type":"response.output_item.added","item":{"id":"msg_1","type":"message"},"output_index":0,"sequence_number":2}"""u8;

        Assert.False(EventFields.TryReadFlat(data, out _));
        Assert.True(EventFields.Read(data).Item.IsObject);
    }

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
