using System.Text;

namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>A streaming response read bit by bit, so a test can act while the stream is still open.</summary>
public sealed class StreamingResponse : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private readonly StringBuilder _received = new();
    private readonly byte[] _buffer = new byte[16 * 1024];

    private StreamingResponse(HttpClient client, HttpResponseMessage response, Stream body)
    {
        _client = client;
        _response = response;
        _body = body;
    }

    public System.Net.HttpStatusCode Status => _response.StatusCode;

    /// <summary>Everything received so far.</summary>
    public string Received => _received.ToString();

    /// <summary>Sends the request and returns once the response headers arrived.</summary>
    public static async Task<StreamingResponse> StartAsync(string url, string body, params (string Name, string Value)[] headers)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new StreamingResponse(client, response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>Reads until <paramref name="text"/> has been received.</summary>
    public async Task ReadUntilAsync(string text, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (!Received.Contains(text, StringComparison.Ordinal))
        {
            if (!await ReadAsync(cancellation.Token))
            {
                throw new InvalidOperationException($"The stream ended before '{text}'. Received:\n{Received}");
            }
        }
    }

    /// <summary>Reads to the end of the body and returns all of it.</summary>
    public async Task<string> ReadToEndAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (await ReadAsync(cancellation.Token))
        {
        }

        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await _body.DisposeAsync();
        _response.Dispose();
        _client.Dispose();
    }

    private async Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        var read = await _body.ReadAsync(_buffer, cancellationToken);
        _received.Append(Encoding.UTF8.GetString(_buffer, 0, read));
        return read > 0;
    }
}
