using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A raw TCP upstream on 127.0.0.1 that answers every request with an SSE response announcing more bytes than it
/// sends, then closes the connection: the reader sees the partial body, then "response ended prematurely".
/// Deterministic, unlike aborting a Kestrel response (which may drop unsent bytes). WireMock cannot do this at all.
/// </summary>
public sealed class TruncatingUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly byte[] _partialBody;
    private readonly Task _acceptLoop;

    public TruncatingUpstream(string partialBody)
    {
        _partialBody = Encoding.UTF8.GetBytes(partialBody);
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            try
            {
                await AnswerAsync(client, _stopping.Token);
            }
            catch (IOException)
            {
                // The gateway may hang up first; the next request gets a fresh connection.
            }
        }
    }

    private async Task AnswerAsync(TcpClient client, CancellationToken cancellationToken)
    {
        var stream = client.GetStream();
        await RawHttpRequest.ReadAsync(stream, cancellationToken);

        var head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n" +
            $"Content-Length: {(_partialBody.Length + 100_000).ToString(CultureInfo.InvariantCulture)}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        await stream.WriteAsync(_partialBody, cancellationToken);
        await stream.FlushAsync(cancellationToken);

        // A graceful close: everything written arrives, then EOF well before the announced length.
        client.Client.Shutdown(SocketShutdown.Send);
    }
}
