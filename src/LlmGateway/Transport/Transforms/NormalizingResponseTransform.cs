using LlmGateway.Protocols;
using LlmGateway.Transport.Streaming;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;
using HttpMediaType = System.Net.Http.Headers.MediaTypeHeaderValue;

namespace LlmGateway.Transport.Transforms;

/// <summary>
/// Puts the protocol normalizer between the upstream body and the client ("wrap" mode: YARP still copies).
/// Success bodies stream through a <see cref="NormalizingReadStream"/>; error statuses keep their code and get an
/// error body in the client API's shape, whatever shape the upstream used.
/// </summary>
internal sealed class NormalizingResponseTransform(ResponseNormalizerFactory normalizers) : ResponseTransform
{
    private const string FirstTokenTimeoutMessage = "The upstream did not start answering within the first-token timeout.";
    private const string EventStream = "text/event-stream";
    private const string Json = "application/json";

    /// <summary>Error bodies are small; anything bigger is not worth reading to find a message.</summary>
    private const int MaxErrorBodyBytes = 1024 * 1024;

    /// <summary>Bound on a non-streamed upstream answer held in memory.</summary>
    private const long MaxWholeBodyBytes = 64L * 1024 * 1024;

    private static readonly ReadOnlyMemory<byte> MessagesPing = "event: ping\ndata: {\"type\":\"ping\"}\n\n"u8.ToArray();

    private static readonly ReadOnlyMemory<byte> SseComment = ": keepalive\n\n"u8.ToArray();

    public override async ValueTask ApplyAsync(ResponseTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var proxyResponse = context.ProxyResponse;
        var gateway = context.HttpContext.Features.Get<GatewayRequestContext>();
        if (proxyResponse is null || gateway?.Deployment is null || gateway.RequestedModel is null)
        {
            // The request failed before a response arrived; ForwarderErrorMiddleware answers it.
            return;
        }

        var status = (int)proxyResponse.StatusCode;
        gateway.UpstreamStatus = status;
        if (IsRetryable(status))
        {
            // Counts against the deployment's health; while another attempt may follow, nothing is sent and the
            // selection middleware tries again (yarp-notes.md 1(e)).
            gateway.RetryableFailure = true;
            gateway.RetryAfter = RetryAfterOf(proxyResponse);
            if (gateway.CanRetry)
            {
                context.SuppressResponseBody = true;
                return;
            }
        }

        if (status is >= 200 and < 300)
        {
            await WrapSuccessAsync(context, proxyResponse, gateway).ConfigureAwait(false);
        }
        else
        {
            await ReplaceErrorAsync(context, proxyResponse, gateway, status).ConfigureAwait(false);
        }
    }

    private async Task WrapSuccessAsync(ResponseTransformContext context, HttpResponseMessage proxyResponse, GatewayRequestContext gateway)
    {
        var normalizer = normalizers.Create(new NormalizerOptions
        {
            ClientApi = gateway.ClientApi,
            UpstreamApi = gateway.UpstreamApi,
            ClientStreams = gateway.ClientStreams,
            UpstreamStreams = string.Equals(proxyResponse.Content.Headers.ContentType?.MediaType, EventStream, StringComparison.OrdinalIgnoreCase),
            RequestedModel = gateway.RequestedModel!,
            RequestId = gateway.RequestId,
            ReasoningAsText = gateway.Group?.ReasoningAsText ?? false,
            IncludeUsage = gateway.IncludeUsage,
            ResponsesEcho = gateway.ResponsesEcho,
        });
        gateway.Report = normalizer.Report;

        if (!gateway.ClientStreams)
        {
            try
            {
                await ReplaceWithWholeBodyAsync(context, proxyResponse, gateway, normalizer).ConfigureAwait(false);
            }
            finally
            {
                (normalizer as IDisposable)?.Dispose();
            }

            return;
        }

        var upstreamBody = await proxyResponse.Content.ReadAsStreamAsync(context.CancellationToken).ConfigureAwait(false);
        var stream = new NormalizingReadStream(upstreamBody, normalizer, gateway, CreateTimeouts(gateway, normalizer));

        // Until the first client bytes exist nothing is sent, so a first-token timeout can still be a clean, retryable 504.
        // RequestAborted, not YARP's activity token (yarp-notes.md 1(c)); the stream's own timer bounds the wait.
        // Waiting for the upstream's first bytes is upstream time, not gateway overhead.
        var waitStarted = gateway.TimeProvider.GetTimestamp();
        var producedOutput = await stream.WaitForFirstOutputAsync(context.HttpContext.RequestAborted).ConfigureAwait(false);
        gateway.AddUpstreamWait(waitStarted);
        if (!producedOutput)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            gateway.FailureKind = GatewayFailureKind.FirstTokenTimeout;
            gateway.Error = "upstream first-token timeout";
            gateway.RetryableFailure = true;
            if (gateway.CanRetry)
            {
                // Nothing was sent: another attempt may answer in time.
                context.SuppressResponseBody = true;
                return;
            }

            context.HttpContext.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
            var body = ApiError.Body(gateway.ClientApi, StatusCodes.Status504GatewayTimeout, FirstTokenTimeoutMessage, requestId: gateway.RequestId);
            SetJsonBody(context, proxyResponse, gateway, body);
            return;
        }

        var content = new StreamContent(stream);
        content.Headers.ContentType = HttpMediaType.Parse(normalizer.ContentType);
        proxyResponse.Content = content;

        // YARP has already copied the upstream headers; the body changes, so its length and encoding no longer apply.
        var headers = context.HttpContext.Response.Headers;
        headers.ContentLength = null;
        headers.Remove(HeaderNames.ContentEncoding);
        headers.ContentType = normalizer.ContentType;
        if (normalizer.ContentType.StartsWith(EventStream, StringComparison.OrdinalIgnoreCase))
        {
            headers.CacheControl = "no-cache";
        }
    }

    private static StreamTimeouts CreateTimeouts(GatewayRequestContext gateway, IResponseNormalizer normalizer)
    {
        var timeouts = gateway.Deployment!.Timeouts;
        var keepAlive = ReadOnlyMemory<byte>.Empty;
        if (normalizer.ContentType.StartsWith(EventStream, StringComparison.OrdinalIgnoreCase))
        {
            // Clients ignore both: Anthropic SDKs skip ping events, SSE parsers skip comment lines.
            keepAlive = gateway.ClientApi == WireApi.Messages ? MessagesPing : SseComment;
        }

        return new StreamTimeouts
        {
            FirstToken = timeouts.FirstToken,
            Idle = timeouts.Idle,
            KeepAliveInterval = gateway.Configuration.Options.KeepAliveInterval,
            KeepAliveFrame = keepAlive,
            TimeProvider = gateway.TimeProvider,
        };
    }

    /// <summary>
    /// A client that asked for one JSON body gets it only once the whole upstream answer was read and checked, so a
    /// broken upstream answer can still become an error status instead of a 200 with an error inside.
    /// </summary>
    private static async Task ReplaceWithWholeBodyAsync(ResponseTransformContext context, HttpResponseMessage proxyResponse, GatewayRequestContext gateway, IResponseNormalizer normalizer)
    {
        var aborted = context.HttpContext.RequestAborted;
        byte[] upstreamBody = [];
        string? failure = null;
        try
        {
            using var upstreamContent = proxyResponse.Content;
            (upstreamBody, var truncated) = await ReadBoundedAsync(upstreamContent, MaxWholeBodyBytes, gateway, aborted).ConfigureAwait(false);
            if (truncated)
            {
                failure = "The upstream response was larger than the gateway accepts.";
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !aborted.IsCancellationRequested)
        {
            failure = "The upstream connection failed while sending the response.";
        }

        using var output = new PooledBufferWriter();
        normalizer.Write(upstreamBody, output);
        if (failure is null)
        {
            normalizer.Complete(output);
        }
        else
        {
            normalizer.Fail(new UpstreamFailure(UpstreamFailureKind.Transport, failure), output);
        }

        if (normalizer.Report.Error is { } error)
        {
            context.HttpContext.Response.StatusCode = ApiError.StatusForType(normalizer.Report.ErrorType);
            gateway.Error = error;
        }

        SetJsonBody(context, proxyResponse, gateway, output.ToArray());
    }

    private static async Task ReplaceErrorAsync(ResponseTransformContext context, HttpResponseMessage proxyResponse, GatewayRequestContext gateway, int status)
    {
        byte[] upstreamBody;
        using (var upstreamContent = proxyResponse.Content)
        {
            (upstreamBody, _) = await ReadBoundedAsync(upstreamContent, MaxErrorBodyBytes, gateway, context.CancellationToken).ConfigureAwait(false);
        }

        var info = ApiError.ReadUpstream(upstreamBody, status);
        gateway.Error = $"upstream {status}";
        SetJsonBody(context, proxyResponse, gateway, ApiError.Body(gateway.ClientApi, status, info.Message, info.Code, requestId: gateway.RequestId));
    }

    private static void SetJsonBody(ResponseTransformContext context, HttpResponseMessage proxyResponse, GatewayRequestContext gateway, byte[] body)
    {
        gateway.OnFirstByte();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new HttpMediaType(Json);
        proxyResponse.Content = content;

        // YARP has already copied the upstream headers; this body has its own length and no encoding.
        var headers = context.HttpContext.Response.Headers;
        headers.ContentLength = body.Length;
        headers.Remove(HeaderNames.ContentEncoding);
        headers.ContentType = Json;
    }

    private static bool IsRetryable(int status) => status is 408 or 429 or 500 or 502 or 503 or 504 or 529;

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }

    /// <summary>
    /// Reads a body up to <paramref name="limit"/> bytes; <c>Truncated</c> says whether more was left. The time counts as
    /// upstream waiting: the client is answered only once the body is in.
    /// </summary>
    private static async Task<(byte[] Body, bool Truncated)> ReadBoundedAsync(HttpContent content, long limit, GatewayRequestContext gateway, CancellationToken cancellationToken)
    {
        var started = gateway.TimeProvider.GetTimestamp();
        try
        {
            return await ReadBoundedAsync(content, limit, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gateway.AddUpstreamWait(started);
        }
    }

    private static async Task<(byte[] Body, bool Truncated)> ReadBoundedAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new PooledBufferWriter();
            while (true)
            {
                var room = (int)Math.Min(16 * 1024, limit - buffer.WrittenCount + 1);
                var read = await stream.ReadAsync(buffer.GetMemory(room)[..room], cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer.ToArray(), false);
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    return (buffer.WrittenSpan[..(int)limit].ToArray(), true);
                }
            }
        }
    }
}
