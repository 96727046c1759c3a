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
    private const string EventStream = "text/event-stream";
    private const string Json = "application/json";

    /// <summary>Error bodies are small; anything bigger is not worth reading to find a message.</summary>
    private const int MaxErrorBodyBytes = 1024 * 1024;

    /// <summary>Bound on a non-streamed upstream answer held in memory.</summary>
    private const long MaxWholeBodyBytes = 64L * 1024 * 1024;

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
            UpstreamApi = gateway.ClientApi,
            ClientStreams = gateway.ClientStreams,
            UpstreamStreams = string.Equals(proxyResponse.Content.Headers.ContentType?.MediaType, EventStream, StringComparison.OrdinalIgnoreCase),
            RequestedModel = gateway.RequestedModel!,
        });
        gateway.Report = normalizer.Report;

        if (!gateway.ClientStreams)
        {
            await ReplaceWithWholeBodyAsync(context, proxyResponse, gateway, normalizer).ConfigureAwait(false);
            return;
        }

        var upstreamBody = await proxyResponse.Content.ReadAsStreamAsync(context.CancellationToken).ConfigureAwait(false);
        var content = new StreamContent(new NormalizingReadStream(upstreamBody, normalizer, gateway));
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

    /// <summary>
    /// A client that asked for one JSON body gets it only once the whole upstream answer was read and checked, so a
    /// broken upstream answer can still become an error status instead of a 200 with an error inside.
    /// </summary>
    private static async Task ReplaceWithWholeBodyAsync(ResponseTransformContext context, HttpResponseMessage proxyResponse, GatewayRequestContext gateway, IResponseNormalizer normalizer)
    {
        using var output = new PooledBufferWriter();
        var aborted = context.HttpContext.RequestAborted;
        using (var upstreamContent = proxyResponse.Content)
        {
            var stream = await upstreamContent.ReadAsStreamAsync(aborted).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
                try
                {
                    long total = 0;
                    while (true)
                    {
                        int read;
                        try
                        {
                            read = await stream.ReadAsync(buffer, aborted).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (ex is IOException or HttpRequestException && !aborted.IsCancellationRequested)
                        {
                            normalizer.Fail(new UpstreamFailure(UpstreamFailureKind.Transport, "The upstream connection failed while sending the response."), output);
                            break;
                        }

                        if (read == 0)
                        {
                            normalizer.Complete(output);
                            break;
                        }

                        total += read;
                        if (total > MaxWholeBodyBytes)
                        {
                            normalizer.Fail(new UpstreamFailure(UpstreamFailureKind.Transport, "The upstream response was larger than the gateway accepts."), output);
                            break;
                        }

                        normalizer.Write(buffer.AsSpan(0, read), output);
                    }
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }

        var body = output.ToArray();
        if (normalizer.Report.Error is { } error)
        {
            context.HttpContext.Response.StatusCode = ApiError.StatusForType(normalizer.Report.ErrorType);
            gateway.Error = error;
        }

        gateway.OnFirstByte();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new HttpMediaType(Json);
        proxyResponse.Content = content;

        var headers = context.HttpContext.Response.Headers;
        headers.ContentLength = body.Length;
        headers.Remove(HeaderNames.ContentEncoding);
        headers.ContentType = Json;
    }

    private static async Task ReplaceErrorAsync(ResponseTransformContext context, HttpResponseMessage proxyResponse, GatewayRequestContext gateway, int status)
    {
        byte[] upstreamBody;
        using (var upstreamContent = proxyResponse.Content)
        {
            upstreamBody = await ReadBoundedAsync(upstreamContent, context.CancellationToken).ConfigureAwait(false);
        }

        var info = ApiError.ReadUpstream(upstreamBody, status);
        var body = ApiError.Body(gateway.ClientApi, status, info.Message, info.Code, requestId: gateway.RequestId);
        gateway.Error = $"upstream {status}";
        gateway.OnFirstByte();

        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new HttpMediaType(Json);
        proxyResponse.Content = content;

        var headers = context.HttpContext.Response.Headers;
        headers.ContentLength = body.Length;
        headers.Remove(HeaderNames.ContentEncoding);
        headers.ContentType = Json;
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new PooledBufferWriter();
            while (buffer.WrittenCount < MaxErrorBodyBytes)
            {
                var read = await stream.ReadAsync(buffer.GetMemory(Math.Min(16 * 1024, MaxErrorBodyBytes - buffer.WrittenCount)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
            }

            return buffer.ToArray();
        }
    }
}
