using System.Buffers;
using System.Text;
using System.Text.Json;

namespace LlmGateway.Transport.Builtin;

/// <summary>Builds JSON bodies and SSE frames for the echo upstream.</summary>
internal static class EchoJson
{
    public static readonly ReadOnlyMemory<byte> DoneFrame = "data: [DONE]\n\n"u8.ToArray();

    public static byte[] Body(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A named event (<c>event:</c> line, then <c>data:</c>), as Messages and Responses send them.</summary>
    public static EchoFrame Event(string name, Action<Utf8JsonWriter> write, bool paced = false) =>
        new(Frame("event: " + name + "\ndata: ", write), paced);

    /// <summary>A data-only event, as Chat Completions sends them.</summary>
    public static EchoFrame Data(Action<Utf8JsonWriter> write, bool paced = false) => new(Frame("data: ", write), paced);

    private static byte[] Frame(string prefix, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write(Encoding.UTF8.GetBytes(prefix));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        buffer.Write("\n\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
