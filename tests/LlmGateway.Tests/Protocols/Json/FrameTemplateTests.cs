using System.Text;
using System.Text.Json;
using LlmGateway.Protocols.Json;

namespace LlmGateway.Tests.Protocols.Json;

public sealed class FrameTemplateTests
{
    private const string Delta = """{"type":"delta","seq":7,"delta":"ab","id":"x1","pad":"Qz"}""";

    [Fact]
    public void AFrameThatDiffersOnlyInItsHoles_Matches_AndItsValuesAreFound()
    {
        using var template = Recorded(Delta, "seq", "delta", "pad");
        var frame = Encoding.UTF8.GetBytes("""{"type":"delta","seq":1234,"delta":"a \"longer\" \u00e9 text","id":"x1","pad":"r"}""");
        var values = new JsonSlice[FrameTemplate.MaxHoles];

        Assert.True(template.TryMatch(frame, values));
        Assert.Equal("1234", Raw(frame, values[0]));
        Assert.Equal("""a \"longer\" \u00e9 text""", Raw(frame, values[1]));
        Assert.Equal("r", Raw(frame, values[2]));
        Assert.Equal(JsonTokenType.Number, values[0].TokenType);
        Assert.Equal(JsonTokenType.String, values[1].TokenType);
    }

    [Theory]
    [InlineData("""{"type":"delta","seq":8,"delta":"ab","id":"x2","pad":"Qz"}""")] // a literal value changed
    [InlineData("""{"type":"delta","seq":8,"delta":"ab","id":"x1","pad":"Qz","more":1}""")] // a field more
    [InlineData("""{"type":"delta","seq":8,"delta":"ab","id":"x1","pad":"Qz"} """)] // trailing byte
    [InlineData("""{"type":"delta","seq":8,"delta":"ab","id":"x1","pad":"Qz""")] // cut short
    [InlineData("""{"type":"delta","seq":"8","delta":"ab","id":"x1","pad":"Qz"}""")] // a hole of another kind
    [InlineData("""{"type":"delta","seq":8.5,"delta":"ab","id":"x1","pad":"Qz"}""")] // not an integer
    [InlineData("""{"type":"delta","seq":08,"delta":"ab","id":"x1","pad":"Qz"}""")] // not a JSON number
    [InlineData("""{"type":"delta","seq":8,"delta":"a\qb","id":"x1","pad":"Qz"}""")] // an escape JSON does not define
    [InlineData("""{"type":"delta","seq":8,"delta":"a	b","id":"x1","pad":"Qz"}""")] // a raw control character
    [InlineData("""{"type":"delta","seq":8,"delta":"ab","pad":"Qz","id":"x1"}""")] // the same fields in another order
    public void AFrameThatDiffersOutsideItsHoles_OrHoldsAnInvalidValue_DoesNotMatch(string json)
    {
        using var template = Recorded(Delta, "seq", "delta", "pad");

        Assert.False(template.TryMatch(Encoding.UTF8.GetBytes(json), new JsonSlice[FrameTemplate.MaxHoles]));
    }

    [Fact]
    public void InvalidUtf8InAHole_DoesNotMatch()
    {
        using var template = Recorded(Delta, "seq", "delta", "pad");
        byte[] frame = [.. """{"type":"delta","seq":8,"delta":"a"""u8, 0xC3, 0x28, .. "\",\"id\":\"x1\",\"pad\":\"Qz\"}"u8];

        Assert.False(template.TryMatch(frame, new JsonSlice[FrameTemplate.MaxHoles]));
    }

    [Fact]
    public void Map_GivesAHoleItsNewValue_MovesWhatFollows_AndResizesWhatEncloses()
    {
        const string Chunk = """{"id":"c1","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}],"pad":"aa","usage":null}""";
        using var template = Recorded(Chunk, "content", "pad");
        var oldDocument = Encoding.UTF8.GetBytes(Chunk);
        var frame = Encoding.UTF8.GetBytes("""{"id":"c1","choices":[{"index":0,"delta":{"content":"hello there"},"finish_reason":null}],"pad":"b","usage":null}""");
        var values = new JsonSlice[FrameTemplate.MaxHoles];
        Assert.True(template.TryMatch(frame, values));

        Assert.Equal("c1", Raw(frame, template.Map(Find(oldDocument, "id"), values)));
        Assert.Equal("hello there", Raw(frame, template.Map(Find(oldDocument, "content"), values)));
        Assert.Equal("""{"content":"hello there"}""", Raw(frame, template.Map(Find(oldDocument, "delta"), values)));
        Assert.Equal("b", Raw(frame, template.Map(Find(oldDocument, "pad"), values)));
        Assert.Equal("null", Raw(frame, template.Map(Find(oldDocument, "usage"), values)));
        Assert.Equal("null", Raw(frame, template.Map(Find(oldDocument, "finish_reason"), values)));
        Assert.False(template.Map(default, values).Exists);
    }

    [Fact]
    public void Map_GivesAHoleThatWasEmptyInTheTemplate_ItsNewValue()
    {
        const string Empty = """{"seq":1,"delta":"","pad":""}""";
        using var template = Recorded(Empty, "seq", "delta", "pad");
        var oldDocument = Encoding.UTF8.GetBytes(Empty);
        var frame = Encoding.UTF8.GetBytes("""{"seq":22,"delta":"text","pad":"p"}""");
        var values = new JsonSlice[FrameTemplate.MaxHoles];
        Assert.True(template.TryMatch(frame, values));

        Assert.Equal("22", Raw(frame, template.Map(Find(oldDocument, "seq"), values)));
        Assert.Equal("text", Raw(frame, template.Map(Find(oldDocument, "delta"), values)));
        Assert.Equal("p", Raw(frame, template.Map(Find(oldDocument, "pad"), values)));
    }

    [Fact]
    public void Record_RefusesWhatItCannotMatch_AndThenMatchesNothing()
    {
        using var template = Recorded(Delta, "seq");
        var data = Encoding.UTF8.GetBytes(Delta);
        var values = new JsonSlice[FrameTemplate.MaxHoles];
        Assert.True(template.TryMatch(data, values));

        Assert.False(template.Record(data, [Find(data, "id"), Find(data, "id"), Find(data, "id"), Find(data, "id"), Find(data, "seq")]));
        Assert.False(template.TryMatch(data, values));

        var withArray = Encoding.UTF8.GetBytes("""{"a":[1]}""");
        Assert.False(template.Record(withArray, [Find(withArray, "a")]));
        Assert.False(template.Record(new byte[FrameTemplate.MaxLength + 1], []));
        Assert.False(template.IsRecorded);

        Assert.True(template.Record(data, []));
        Assert.True(template.TryMatch(data, values));
        template.Clear();
        Assert.False(template.TryMatch(data, values));
    }

    [Fact]
    public void TemplatesThatKeepMissing_AreRecordedLessAndLessOften_UntilOneMatches()
    {
        using var template = new FrameTemplate();
        var values = new JsonSlice[FrameTemplate.MaxHoles];

        // An id that changes on every frame and is no hole: every template misses the next frame.
        var recorded = 0;
        for (var i = 0; i < 200; i++)
        {
            var frame = Encoding.UTF8.GetBytes($$"""{"id":"{{i}}","delta":"x"}""");
            Assert.False(template.TryMatch(frame, values));
            recorded += template.Record(frame, [Find(frame, "delta")]) ? 1 : 0;
        }

        Assert.InRange(recorded, 5, 15); // the first four misses cost nothing, then the pauses double up to 63 frames

        // Once a template matches, recording is at once possible again, and so on after three misses in a row.
        var same = Encoding.UTF8.GetBytes("""{"id":"same","delta":"a"}""");
        for (var i = 0; i < 64 && !template.Record(same, [Find(same, "delta")]); i++)
        {
        }

        Assert.True(template.TryMatch(Encoding.UTF8.GetBytes("""{"id":"same","delta":"b"}"""), values));
        for (var i = 0; i < 3; i++)
        {
            var frame = Encoding.UTF8.GetBytes($$"""{"id":"other{{i}}","delta":"x"}""");
            Assert.False(template.TryMatch(frame, values));
            Assert.True(template.Record(frame, [Find(frame, "delta")]));
        }
    }

    /// <summary>A template of <paramref name="json"/> with the values of the named properties (found at any depth) as holes.</summary>
    private static FrameTemplate Recorded(string json, params string[] holes)
    {
        var data = Encoding.UTF8.GetBytes(json);
        var template = new FrameTemplate();
        Assert.True(template.Record(data, [.. holes.Reverse().Select(name => Find(data, name))]));
        return template;
    }

    private static JsonSlice Find(byte[] data, string name)
    {
        var reader = new Utf8JsonReader(data);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(name))
            {
                return JsonSlice.Read(ref reader);
            }
        }

        throw new InvalidOperationException($"No property {name}.");
    }

    private static string Raw(byte[] data, JsonSlice slice) => Encoding.UTF8.GetString(slice.Raw(data));
}
