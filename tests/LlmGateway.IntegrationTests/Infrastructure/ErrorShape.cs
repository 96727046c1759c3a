using System.Text.Json;

namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>Assertions on error bodies in each API's shape (wire-protocols.md 1.3 and 2.5).</summary>
public static class ErrorShape
{
    /// <summary>Asserts an Anthropic error body and returns <c>error.message</c>.</summary>
    public static string AssertAnthropic(ApiResponse response, string expectedType)
    {
        var json = response.Json;
        Assert.Equal("error", json.GetProperty("type").GetString());
        var error = json.GetProperty("error");
        Assert.Equal(expectedType, error.GetProperty("type").GetString());
        Assert.Equal(response.Header("request-id"), json.GetProperty("request_id").GetString());
        return error.GetProperty("message").GetString()!;
    }

    /// <summary>Asserts an OpenAI error body and returns <c>error.message</c>.</summary>
    public static string AssertOpenAI(ApiResponse response, string expectedType, string? expectedCode = null)
    {
        var error = response.Json.GetProperty("error");
        Assert.Equal(expectedType, error.GetProperty("type").GetString());
        Assert.True(error.TryGetProperty("param", out _));
        var code = error.GetProperty("code");
        if (expectedCode is not null)
        {
            Assert.Equal(expectedCode, code.GetString());
        }

        Assert.False(response.Json.TryGetProperty("type", out _));
        return error.GetProperty("message").GetString()!;
    }

    public static string AssertShape(string path, ApiResponse response, string anthropicType, string openAIType, string? openAICode = null) =>
        path == Api.MessagesPath ? AssertAnthropic(response, anthropicType) : AssertOpenAI(response, openAIType, openAICode);

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;
}
