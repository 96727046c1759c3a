using LlmGateway.Hosting.Cli;

namespace LlmGateway.Tests.Hosting.Cli;

public sealed class UrlDisplayTests
{
    [Theory]
    [InlineData("http://user:secret@127.0.0.1:1234/v1", "http://***@127.0.0.1:1234/v1")]
    [InlineData("https://token@host", "https://***@host")]
    [InlineData("http://127.0.0.1:1234/v1/a@b", "http://127.0.0.1:1234/v1/a@b")]
    [InlineData("http://127.0.0.1:1234/v1", "http://127.0.0.1:1234/v1")]
    [InlineData("builtin://echo", "builtin://echo")]
    [InlineData("", "")]
    public void Redact_MasksOnlyUserInfo(string url, string expected)
    {
        Assert.Equal(expected, UrlDisplay.Redact(url));
    }
}
