using System.Text;
using System.Text.Json;
using LlmGateway.Protocols.Json;

namespace LlmGateway.Tests.Protocols.Json;

public sealed class FlatJsonObjectReaderTests
{
    [Fact]
    public void AFlatObject_IsReadPropertyByProperty()
    {
        var data = Encoding.UTF8.GetBytes("""{ "s" : "a\"b" ,"n":-12,"z":0,"t":true,"f":false,"x":null,"e":[ ],"u":"\u00e9"}  """);
        var reader = new FlatJsonObjectReader(data);
        var seen = new List<(string, JsonTokenType, string)>();

        FlatJsonToken token;
        while ((token = reader.Next(out var name, out var value)) == FlatJsonToken.Property)
        {
            seen.Add((Encoding.UTF8.GetString(name), value.TokenType, Encoding.UTF8.GetString(value.Raw(data))));
        }

        Assert.Equal(FlatJsonToken.End, token);
        Assert.Equal(
            [
                ("s", JsonTokenType.String, """a\"b"""),
                ("n", JsonTokenType.Number, "-12"),
                ("z", JsonTokenType.Number, "0"),
                ("t", JsonTokenType.True, "true"),
                ("f", JsonTokenType.False, "false"),
                ("x", JsonTokenType.Null, "null"),
                ("e", JsonTokenType.StartArray, "[ ]"),
                ("u", JsonTokenType.String, """\u00e9"""),
            ],
            seen);
    }

    [Fact]
    public void AnEmptyObject_EndsAtOnce()
    {
        var reader = new FlatJsonObjectReader("{}"u8);

        Assert.Equal(FlatJsonToken.End, reader.Next(out _, out _));
    }

    [Theory]
    [InlineData("""{"a":{"b":1}}""")] // nested object
    [InlineData("""{"a":[1]}""")] // non-empty array
    [InlineData("""{"a":1.5}""")] // fraction
    [InlineData("""{"a":1e3}""")] // exponent
    [InlineData("""{"a":01}""")] // leading zero (invalid JSON)
    [InlineData("""{"a":-}""")]
    [InlineData("""{"a":1,}""")] // trailing comma (invalid JSON)
    [InlineData("""{"a":1 "b":2}""")] // missing comma
    [InlineData("""{"a" 1}""")]
    [InlineData("""{"a":tru}""")]
    [InlineData("""{"a":truex}""")]
    [InlineData("""{"a":"x}""")] // unterminated string
    [InlineData("""{"a":"bad \q"}""")]
    [InlineData("""{"\u0061":1}""")] // escaped name: the full reader compares names unescaped
    [InlineData("""{"a":1}x""")] // trailing data
    [InlineData("""{"a":1""")] // cut off
    [InlineData("""[1]""")]
    [InlineData("")]
    [InlineData("""{a:1}""")]
    [InlineData("""{"a":1/*c*/}""")]
    public void AnythingElse_IsUnsupported(string json)
    {
        var reader = new FlatJsonObjectReader(Encoding.UTF8.GetBytes(json));

        FlatJsonToken token;
        while ((token = reader.Next(out _, out _)) == FlatJsonToken.Property)
        {
        }

        Assert.Equal(FlatJsonToken.Unsupported, token);
    }

    [Fact]
    public void WithNestedAllowed_NestedValuesAreHandedToTheCaller()
    {
        var data = Encoding.UTF8.GetBytes("""{"a":1,"o":{ "b":[1,{"c":"}"}] },"e":[ ],"l":[ 2 ,3],"z":"end"}""");
        var reader = new FlatJsonObjectReader(data, allowNested: true);
        var seen = new List<(string, FlatJsonToken, JsonTokenType, string)>();

        FlatJsonToken token;
        while ((token = reader.Next(out var name, out var value)) is FlatJsonToken.Property or FlatJsonToken.Nested)
        {
            if (token == FlatJsonToken.Nested)
            {
                Assert.Equal(value.TokenType == JsonTokenType.StartObject ? (byte)'{' : (byte)'[', data[reader.Position]);
                value = reader.SkipNested();
            }

            seen.Add((Encoding.UTF8.GetString(name), token, value.TokenType, Encoding.UTF8.GetString(value.Raw(data))));
        }

        Assert.Equal(FlatJsonToken.End, token);
        Assert.Equal(
            [
                ("a", FlatJsonToken.Property, JsonTokenType.Number, "1"),
                ("o", FlatJsonToken.Nested, JsonTokenType.StartObject, """{ "b":[1,{"c":"}"}] }"""),
                ("e", FlatJsonToken.Property, JsonTokenType.StartArray, "[ ]"),
                ("l", FlatJsonToken.Nested, JsonTokenType.StartArray, "[ 2 ,3]"),
                ("z", FlatJsonToken.Property, JsonTokenType.String, "end"),
            ],
            seen);
    }

    [Fact]
    public void WithNestedAllowed_TheCallerCanReadTheNestedValueItself()
    {
        var data = Encoding.UTF8.GetBytes("""{"list":[{"i":7}] , "after":true}""");
        var reader = new FlatJsonObjectReader(data, allowNested: true);

        Assert.Equal(FlatJsonToken.Nested, reader.Next(out var name, out _));
        Assert.Equal("list", Encoding.UTF8.GetString(name));
        var nested = new Utf8JsonReader(data.AsSpan(reader.Position));
        nested.Read();
        nested.Skip();
        reader.EndNested((int)nested.BytesConsumed);

        Assert.Equal(FlatJsonToken.Property, reader.Next(out name, out var value));
        Assert.Equal(("after", JsonTokenType.True), (Encoding.UTF8.GetString(name), value.TokenType));
        Assert.Equal(FlatJsonToken.End, reader.Next(out _, out _));
    }

    [Fact]
    public void WithNestedAllowed_AnUnfinishedNestedValueStopsTheReader()
    {
        var reader = new FlatJsonObjectReader("""{"o":{"b":1},"c":2}"""u8, allowNested: true);

        Assert.Equal(FlatJsonToken.Nested, reader.Next(out _, out _));
        Assert.Equal(FlatJsonToken.Unsupported, reader.Next(out _, out _));
    }

    [Theory]
    [InlineData("""{"o":{"b":tru}}""")]
    [InlineData("""{"o":[1,]}""")]
    [InlineData("""{"o":{"b":1""")]
    [InlineData("""{"o":[1""")]
    public void WithNestedAllowed_InvalidNestedJsonThrows(string json)
    {
        var data = Encoding.UTF8.GetBytes(json);

        Assert.ThrowsAny<JsonException>(() =>
        {
            var reader = new FlatJsonObjectReader(data, allowNested: true);
            Assert.Equal(FlatJsonToken.Nested, reader.Next(out _, out _));
            reader.SkipNested();
        });
    }
}
