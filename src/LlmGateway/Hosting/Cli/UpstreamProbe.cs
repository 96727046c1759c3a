using System.Globalization;
using System.Net.Http.Headers;
using LlmGateway.Protocols;
using LlmGateway.Protocols.Sse;
using LlmGateway.Transport.Builtin;
using LlmGateway.Transport.Http;
using LlmGateway.Transport.Transforms;

namespace LlmGateway.Hosting.Cli;

/// <summary>
/// Sends one tiny streaming request straight to an upstream (its URL and credentials as the forwarder sets them, the
/// built-in echo upstream in process) and feeds the answer through the gateway's own normalizer, decoding and
/// encoding the same API, so the report shows what the gateway would have had to repair for a client of that API.
/// </summary>
internal sealed class UpstreamProbe(EchoUpstream echo, ResponseNormalizerFactory normalizers, TimeProvider timeProvider)
{
    private const int ReadBufferBytes = 16 * 1024;

    /// <summary>Error bodies are small; more is not worth reading for a message.</summary>
    private const int MaxErrorBodyBytes = 64 * 1024;

    /// <summary>A client for one upstream: the forwarder's handler settings, its connect timeout, echo in process.</summary>
    public HttpMessageInvoker CreateClient(ProbeSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var sockets = new SocketsHttpHandler
        {
            ConnectTimeout = subject.ConnectTimeout,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
        };
        return new HttpMessageInvoker(new BuiltinUpstreamHandler(echo) { InnerHandler = sockets }, disposeHandler: true);
    }

    public async Task<ProbeResult> RunAsync(HttpMessageInvoker client, ProbeSubject subject, WireApi api, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(subject);
        using var timer = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var clock = new Clock(timeProvider);

        var address = BuiltinUpstreamAddress.ToDestinationAddress(subject.Upstream).TrimEnd('/') + WireApiNames.UpstreamPath(api);
        using var request = new HttpRequestMessage(HttpMethod.Post, address)
        {
            Content = new ByteArrayContent(ProbeRequestBody.Create(api, subject.Model)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        UpstreamCredentials.Apply(request, subject.Upstream, api);

        HttpResponseMessage response;
        try
        {
            // The invoker returns at the response headers; the body is read as it streams.
            response = await client.SendAsync(request, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = timer.IsCancellationRequested
                ? $"no response within {Seconds(timeout)}"
                : $"no connection within the connect timeout ({Seconds(subject.ConnectTimeout)})";
            return ProbeResult.Failed(api, null, clock.Elapsed, reason);
        }
        catch (HttpRequestException ex)
        {
            return ProbeResult.Failed(api, null, clock.Elapsed, $"no connection: {ex.Message}");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var message = await ReadErrorAsync(response, linked.Token).ConfigureAwait(false);
                return ProbeResult.Failed(api, status, clock.Elapsed, $"HTTP {status}: {message}");
            }

            return await ReadStreamAsync(response, subject, api, timeout, clock, timer, linked.Token).ConfigureAwait(false);
        }
    }

    private async Task<ProbeResult> ReadStreamAsync(
        HttpResponseMessage response,
        ProbeSubject subject,
        WireApi api,
        TimeSpan timeout,
        Clock clock,
        CancellationTokenSource timer,
        CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var normalizer = normalizers.Create(new NormalizerOptions
        {
            ClientApi = api,
            UpstreamApi = api,
            ClientStreams = true,
            UpstreamStreams = string.Equals(response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase),
            RequestedModel = subject.Model,
            IncludeUsage = true,
            TimeProvider = timeProvider,
        });
        using var output = new PooledBufferWriter();
        using var framer = new SseFramer();
        var reader = new NormalizedStreamReader(api);
        TimeSpan? firstByte = null;
        TimeSpan? firstToken = null;
        string? failure = null;

        void Drain()
        {
            framer.Feed(output.WrittenSpan, reader);
            output.Clear();
            if (firstToken is null && reader.SawToken)
            {
                firstToken = clock.Elapsed;
            }
        }

        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var buffer = new byte[ReadBufferBytes];
                int read;

                // Read to the end even after the terminal event: what follows it (a [DONE], a second stream) is a defect too.
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    firstByte ??= clock.Elapsed;
                    normalizer.Write(buffer.AsSpan(0, read), output);
                    Drain();
                }
            }

            normalizer.Complete(output);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            failure = $"the stream did not end within {Seconds(timeout)}";
            normalizer.Fail(new UpstreamFailure(UpstreamFailureKind.Timeout, failure), output);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            failure = $"the connection broke mid-stream: {ex.Message}";
            normalizer.Fail(new UpstreamFailure(UpstreamFailureKind.Transport, failure), output);
        }
        finally
        {
            (normalizer as IDisposable)?.Dispose();
        }

        Drain();
        framer.Finish(reader);
        var report = normalizer.Report;
        failure ??= report.Error is { } error ? $"the stream ended in an error: {error}" : null;
        return new ProbeResult(api, status, firstByte, firstToken, clock.Elapsed, report, reader.Reply, failure);
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var buffer = new byte[MaxErrorBodyBytes];
                var length = 0;
                int read;
                while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }

                return ApiError.ReadUpstream(buffer.AsSpan(0, length), (int)response.StatusCode).Message;
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            return "(the error body could not be read)";
        }
    }

    private static string Seconds(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.###} s");

    /// <summary>Time since the probe started.</summary>
    private sealed class Clock(TimeProvider timeProvider)
    {
        private readonly long _started = timeProvider.GetTimestamp();

        public TimeSpan Elapsed => timeProvider.GetElapsedTime(_started);
    }
}
