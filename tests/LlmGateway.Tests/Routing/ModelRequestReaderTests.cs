using System.Text;
using LlmGateway.Routing;

namespace LlmGateway.Tests.Routing;

public sealed class ModelRequestReaderTests
{
    [Fact]
    public void TryRead_TopLevelModelAndStream_AreRead()
    {
        var error = Read("""{"messages":[{"role":"user","content":"hi"}],"model":"demo","stream":true}""", out var request);

        Assert.Equal(ModelRequestError.None, error);
        Assert.Equal("demo", request.Model);
        Assert.True(request.Stream);
    }

    [Theory]
    [InlineData("""{"model":"m"}""")]
    [InlineData("""{"model":"m","stream":false}""")]
    [InlineData("""{"model":"m","stream":"true"}""")]
    [InlineData("""{"model":"m","options":{"stream":true}}""")]
    public void TryRead_StreamIsOnlyTrueForATopLevelTrue(string json)
    {
        Assert.Equal(ModelRequestError.None, Read(json, out var request));
        Assert.False(request.Stream);
    }

    [Fact]
    public void TryRead_NestedModel_IsIgnored()
    {
        var error = Read("""{"metadata":{"model":"nested"},"tools":[{"model":"x"}],"model":"top"}""", out var request);

        Assert.Equal(ModelRequestError.None, error);
        Assert.Equal("top", request.Model);
    }

    [Theory]
    [InlineData("""{"metadata":{"model":"nested"}}""", nameof(ModelRequestError.MissingModel))]
    [InlineData("""{}""", nameof(ModelRequestError.MissingModel))]
    [InlineData("""{"model":1}""", nameof(ModelRequestError.InvalidModel))]
    [InlineData("""{"model":null}""", nameof(ModelRequestError.InvalidModel))]
    [InlineData("""{"model":""}""", nameof(ModelRequestError.InvalidModel))]
    [InlineData("""{"model":"a","model":"b"}""", nameof(ModelRequestError.DuplicateModel))]
    [InlineData("""["model"]""", nameof(ModelRequestError.NotAnObject))]
    [InlineData("\"model\"", nameof(ModelRequestError.NotAnObject))]
    [InlineData("", nameof(ModelRequestError.InvalidJson))]
    [InlineData("""{"model":"m" """, nameof(ModelRequestError.InvalidJson))]
    [InlineData("""{"model":"m"} trailing""", nameof(ModelRequestError.InvalidJson))]
    [InlineData("""{"model":"m"}{"model":"n"}""", nameof(ModelRequestError.InvalidJson))]
    [InlineData("""{"model":"m", "x": [1,}""", nameof(ModelRequestError.InvalidJson))]
    [InlineData("""{/*c*/"model":"m"}""", nameof(ModelRequestError.InvalidJson))]
    public void TryRead_BadBodies_AreRejected(string json, string expected)
    {
        Assert.Equal(Enum.Parse<ModelRequestError>(expected), Read(json, out _));
    }

    [Fact]
    public void TryRead_EscapedModel_IsUnescaped_AndItsTokenSpansTheEscapes()
    {
        const string json = """{ "model" : "a\/b\u0020c" , "x":1}""";

        Assert.Equal(ModelRequestError.None, Read(json, out var request));

        Assert.Equal("a/b c", request.Model);
        var token = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(json), request.ModelTokenStart, request.ModelTokenLength);
        Assert.Equal("\"a\\/b\\u0020c\"", token);
    }

    [Theory]
    [InlineData("""{"model":"m","stream":true,"stream_options":{"include_usage":true}}""", true)]
    [InlineData("""{"model":"m","stream_options":{"include_usage":false}}""", false)]
    [InlineData("""{"model":"m","stream_options":null}""", false)]
    [InlineData("""{"model":"m","metadata":{"stream_options":{"include_usage":true}}}""", false)]
    [InlineData("""{"model":"m"}""", false)]
    public void TryRead_StreamOptionsIncludeUsage_IsRead(string json, bool expected)
    {
        Assert.Equal(ModelRequestError.None, Read(json, out var request));
        Assert.Equal(expected, request.IncludeUsage);
    }

    private static ModelRequestError Read(string json, out ModelRequest request) =>
        ModelRequestReader.TryRead(Encoding.UTF8.GetBytes(json), out request);
}
