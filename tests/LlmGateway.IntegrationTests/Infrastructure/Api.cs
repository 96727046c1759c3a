using System.Text;
using System.Text.Json;

namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>Raw HTTP helpers for tests that look at status codes, headers and bodies rather than through an SDK.</summary>
public static class Api
{
    public const string MessagesPath = "/v1/messages";
    public const string ResponsesPath = "/v1/responses";

    public static async Task<ApiResponse> PostAsync(string url, string body, params (string Name, string Value)[] headers)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        return await ApiResponse.ReadAsync(response);
    }

    public static async Task<ApiResponse> GetAsync(string url, params (string Name, string Value)[] headers)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        return await ApiResponse.ReadAsync(response);
    }

    /// <summary>A minimal request body of the API behind <paramref name="path"/>.</summary>
    public static string MinimalBody(string path, string model, string text = "hello", bool stream = false)
    {
        var streamJson = stream ? "true" : "false";
        return path == MessagesPath
            ? $$"""{"model":{{JsonSerializer.Serialize(model)}},"max_tokens":64,"stream":{{streamJson}},"messages":[{"role":"user","content":{{JsonSerializer.Serialize(text)}}}]}"""
            : $$"""{"model":{{JsonSerializer.Serialize(model)}},"stream":{{streamJson}},"input":{{JsonSerializer.Serialize(text)}}}""";
    }
}
