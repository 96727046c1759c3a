using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmGateway.Protocols.Sse;

/// <summary>
/// Writes whole SSE frames (<c>event: X\ndata: {json}\n\n</c>) with one reused <see cref="Utf8JsonWriter"/>,
/// so each frame reaches the output as one contiguous write.
/// </summary>
public sealed class SseFrameWriter : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Utf8JsonWriter _json = new(new ArrayBufferWriter<byte>(1), Options);

    /// <summary>Starts a frame and returns the writer for its JSON data.</summary>
    public Utf8JsonWriter Begin(IBufferWriter<byte> output, ReadOnlySpan<byte> eventName)
    {
        output.Write("event: "u8);
        output.Write(eventName);
        output.Write("\ndata: "u8);
        _json.Reset(output);
        return _json;
    }

    /// <summary>Ends the frame started by <see cref="Begin"/>.</summary>
    public void End(IBufferWriter<byte> output)
    {
        _json.Flush();
        output.Write("\n\n"u8);
    }

    /// <summary>A writer for a plain JSON body.</summary>
    public Utf8JsonWriter BeginBody(IBufferWriter<byte> output)
    {
        _json.Reset(output);
        return _json;
    }

    public void EndBody() => _json.Flush();

    public void Dispose() => _json.Dispose();
}
