using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A raw TCP upstream on 127.0.0.1 that answers every request with an SSE body written step by step, with pauses
/// (before the headers, between chunks, or for ever), and records when the gateway closes the connection. Raw TCP keeps
/// the timing under the test's control: nothing is buffered or flushed behind its back.
/// </summary>
public sealed class PacedUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan _headerDelay;
    private readonly IReadOnlyList<PacedStep> _steps;
    private readonly bool _stallAtEnd;
    private readonly TaskCompletionSource _closedByGateway = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _acceptLoop;

    /// <param name="steps">Body chunks, each written after its delay.</param>
    /// <param name="headerDelay">Pause between reading the request and sending the headers.</param>
    /// <param name="stallAtEnd">After the last step, keep the connection open and silent until the gateway closes it.</param>
    public PacedUpstream(IReadOnlyList<PacedStep> steps, TimeSpan headerDelay = default, bool stallAtEnd = false)
    {
        _steps = steps;
        _headerDelay = headerDelay;
        _stallAtEnd = stallAtEnd;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Completes when the gateway closed or aborted a connection this upstream was still answering on.</summary>
    public Task ClosedByGateway => _closedByGateway.Task;

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
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token);

            // One task per connection: a stalled answer must not block the next request.
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await AnswerAsync(client, _stopping.Token);
                    }
                    catch (Exception ex) when (ex is IOException or SocketException)
                    {
                        _closedByGateway.TrySetResult();
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            });
        }
    }

    private async Task AnswerAsync(TcpClient client, CancellationToken cancellationToken)
    {
        var stream = client.GetStream();
        await RawHttpRequest.ReadAsync(stream, cancellationToken);
        await Task.Delay(_headerDelay, cancellationToken);

        // No length: the body ends when the connection closes.
        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"u8.ToArray(), cancellationToken);
        await stream.FlushAsync(cancellationToken);
        foreach (var step in _steps)
        {
            if (step.Signal is { } signal)
            {
                await signal.WaitAsync(cancellationToken);
            }

            await Task.Delay(step.Delay, cancellationToken);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(step.Text), cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }

        if (_stallAtEnd)
        {
            // The gateway sends nothing more, so a read ends only when it closes or resets the connection.
            var buffer = new byte[1];
            while (await stream.ReadAsync(buffer, cancellationToken) > 0)
            {
            }

            _closedByGateway.TrySetResult();
            return;
        }

        client.Client.Shutdown(SocketShutdown.Send);
    }
}
