using System.Text;
using LlmGateway.Routing;

namespace LlmGateway.Tests.Routing;

public sealed class ModelRewriterTests
{
    [Theory]
    [InlineData("""{"model":"demo","x":1}""", "real", """{"model":"real","x":1}""")]
    [InlineData("""{ "a":[{"model":"demo"}] ,"model" :  "demo" ,"b":"é🚀"}""", "org/model+v2", """{ "a":[{"model":"demo"}] ,"model" :  "org/model+v2" ,"b":"é🚀"}""")]
    [InlineData("""{"model":"d\u0065mo"}""", "x", """{"model":"x"}""")]
    [InlineData("""{"model":"demo"}""", "quote\"and\\slash", """{"model":"quote\"and\\slash"}""")]
    [InlineData("""{"model":"demo"}""", "naïve-模型", """{"model":"naïve-模型"}""")]
    public void Rewrite_ReplacesOnlyTheTopLevelValue(string body, string model, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        Assert.Equal(ModelRequestError.None, ModelRequestReader.TryRead(bytes, out var request));

        var rewritten = ModelRewriter.Rewrite(bytes, request, model);

        Assert.Equal(expected, Encoding.UTF8.GetString(rewritten));
        Assert.Equal(ModelRequestError.None, ModelRequestReader.TryRead(rewritten, out var reread));
        Assert.Equal(model, reread.Model);
    }
}
