using System.Text;
using LlmGateway.Transport.Builtin;

namespace LlmGateway.Tests.Transport.Builtin;

public sealed class EchoRequestReaderTests
{
    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"first"},{"role":"assistant","content":"reply"},{"role":"user","content":"last one"}]}""", "last one")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"part a"},{"type":"image","source":{}},{"type":"text","text":"part b"}]}]}""", "part a part b")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"only"},{"role":"assistant","content":[{"type":"text","text":"not me"}]}]}""", "only")]
    [InlineData("""{"model":"m","input":"plain string input"}""", "plain string input")]
    [InlineData("""{"model":"m","input":[{"role":"user","content":"item one"},{"type":"message","role":"user","content":[{"type":"input_text","text":"item two"}]},{"type":"function_call_output","call_id":"c","output":"x"}]}""", "item two")]
    [InlineData("""{"model":"m","messages":[{"role":"system","content":"sys"},{"role":"user","content":"chat text"}]}""", "chat text")]
    [InlineData("""{"model":"m","messages":[]}""", "")]
    [InlineData("""{"model":"m"}""", "")]
    public void TryRead_FindsTheLastUserText(string json, string expected)
    {
        Assert.True(EchoRequestReader.TryRead(Encoding.UTF8.GetBytes(json), out var request));
        Assert.Equal(expected, request.Text);
    }

    [Fact]
    public void TryRead_ReadsModelStreamAndIncludeUsage()
    {
        const string json = """{"stream_options":{"include_usage":true},"stream":true,"model":"echo-9","metadata":{"model":"nested"},"messages":[]}""";

        Assert.True(EchoRequestReader.TryRead(Encoding.UTF8.GetBytes(json), out var request));

        Assert.Equal("echo-9", request.Model);
        Assert.True(request.Stream);
        Assert.True(request.IncludeUsage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("""{"model":""")]
    public void TryRead_RejectsWhatIsNotAJsonObject(string json)
    {
        Assert.False(EchoRequestReader.TryRead(Encoding.UTF8.GetBytes(json), out _));
    }
}
