using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>Request reading for the raw TCP fault upstreams (<see cref="TruncatingUpstream"/>, <see cref="PacedUpstream"/>).</summary>
internal static class RawHttpRequest
{
    /// <summary>Reads one HTTP/1.1 request (headers, then a Content-Length body) and discards it.</summary>
    public static async Task ReadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return;
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var headers = Encoding.ASCII.GetString([.. received], 0, headerEnd);
        var contentLength = headers.Split("\r\n")
            .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(line => int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var bodyReceived = received.Count - (headerEnd + 4);
        while (bodyReceived < contentLength)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return;
            }

            bodyReceived += read;
        }
    }

    private static int IndexOfHeaderEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
