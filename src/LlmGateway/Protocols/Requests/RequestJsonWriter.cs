using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmGateway.Protocols.Requests;

/// <summary>Writing steps the three request writers share.</summary>
internal static class RequestJsonWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Runs <paramref name="write"/> on a fresh writer and returns the bytes.</summary>
    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        using var buffer = new PooledBufferWriter();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            write(json, state);
        }

        return buffer.ToArray();
    }

    public static void Raw(Utf8JsonWriter json, string name, byte[] raw)
    {
        json.WritePropertyName(name);
        json.WriteRawValue(raw, skipInputValidation: true);
    }

    public static void OptionalString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    public static void OptionalBoolean(Utf8JsonWriter json, string name, bool? value)
    {
        if (value is { } b)
        {
            json.WriteBoolean(name, b);
        }
    }

    public static void OptionalNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } d)
        {
            json.WriteNumber(name, d);
        }
    }

    public static void OptionalNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } l)
        {
            json.WriteNumber(name, l);
        }
    }

    /// <summary>The system texts as one string, blank-line separated, or null when there are none.</summary>
    public static string? SystemText(NeutralRequest request) => request.System.Count == 0 ? null : string.Join("\n\n", request.System);
}
