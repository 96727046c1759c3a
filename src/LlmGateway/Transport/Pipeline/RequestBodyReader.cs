using LlmGateway.Protocols;
using Microsoft.AspNetCore.Http.Features;

namespace LlmGateway.Transport.Pipeline;

/// <summary>Reads a request body once into memory, refusing more than a limit.</summary>
internal static class RequestBodyReader
{
    private const int ChunkSize = 16 * 1024;

    /// <returns>The body, or null when it is larger than <paramref name="limit"/>.</returns>
    public static async Task<byte[]?> ReadAsync(HttpContext context, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (request.ContentLength > limit)
        {
            return null;
        }

        // The gateway enforces its own limit; Kestrel's default (about 28.6 MiB) would otherwise cut in first with its own error.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        var initial = (int)Math.Clamp(request.ContentLength ?? ChunkSize, 1, Math.Min(limit + 1, 1024 * 1024));
        using var buffer = new PooledBufferWriter(initial);
        while (true)
        {
            var read = await request.Body.ReadAsync(buffer.GetMemory(ChunkSize), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return null;
            }
        }
    }
}
