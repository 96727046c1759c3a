using System.Text;
using LlmGateway.Protocols.Json;

namespace LlmGateway.Tests.Protocols.Json;

public sealed class JsonTextTests
{
    [Theory]
    [InlineData("msg_0a1b2c3d4e5f60718293a4b5c6d7e8f9", "msg_0a1b2c3d4e5f60718293a4b5c6d7e8f9", true)]
    [InlineData("", "", true)]
    [InlineData("msg_1", "msg_2", false)]
    [InlineData("msg_1", "msg_12", false)]
    [InlineData("caf\u00e9", "caf\u00e9", true)]
    [InlineData("\U0001F600 id", "\U0001F600 id", true)]
    [InlineData("caf\u00e9", "cafe", false)]
    [InlineData("cafe", "caf\u00e9", false)]
    public void Utf8Equals_ComparesBytesWithTheTextsEncoding(string utf8, string text, bool expected)
    {
        Assert.Equal(expected, JsonText.Utf8Equals(Encoding.UTF8.GetBytes(utf8), text));
    }

    [Fact]
    public void Utf8Equals_DoesNotTakeLatin1BytesForTheirChars()
    {
        // "é" as one Latin-1 byte has the string's length but is not its UTF-8 encoding.
        Assert.False(JsonText.Utf8Equals([(byte)'c', (byte)'a', (byte)'f', 0xE9], "caf\u00e9"));
    }
}
