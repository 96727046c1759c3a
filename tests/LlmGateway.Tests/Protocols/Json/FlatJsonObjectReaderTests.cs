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
}
