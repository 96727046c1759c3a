using System.Net;
using System.Text.Json;

namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>A fully read response: status, headers (response and content, snapshotted) and body.</summary>
public sealed class ApiResponse
{
    private readonly Dictionary<string, string> _headers;

    private ApiResponse(HttpStatusCode status, Dictionary<string, string> headers, string body)
    {
        Status = status;
        _headers = headers;
        Body = body;
    }

    public HttpStatusCode Status { get; }

    public string Body { get; }

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();

        // NonValidated: exactly what came over the wire (a computed Content-Length would hide its absence).
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
        {
            headers[header.Key] = string.Join(",", header.Value);
        }

        return new ApiResponse(response.StatusCode, headers, body);
    }

    public string? Header(string name) => _headers.TryGetValue(name, out var value) ? value : null;
}
