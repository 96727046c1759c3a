namespace LlmGateway.Protocols.Json;

/// <summary>
/// Finds a JSON integer, <c>-?(0|[1-9][0-9]*)</c>, at the start of a span, for the hot paths that read events without
/// <see cref="System.Text.Json.Utf8JsonReader"/>. A fraction or exponent after it counts as no integer: those numbers
/// are left to the full reader.
/// </summary>
public static class JsonIntegerScanner
{
    /// <summary>The integer's length in bytes; false when the span does not start with one.</summary>
    public static bool TryFindEnd(ReadOnlySpan<byte> json, out int length)
    {
        length = 0;
        var i = json.Length > 0 && json[0] == (byte)'-' ? 1 : 0;
        var firstDigit = i;
        while (i < json.Length && char.IsAsciiDigit((char)json[i]))
        {
            i++;
        }

        var digits = i - firstDigit;
        if (digits == 0 || (digits > 1 && json[firstDigit] == (byte)'0')
            || (i < json.Length && json[i] is (byte)'.' or (byte)'e' or (byte)'E'))
        {
            return false;
        }

        length = i;
        return true;
    }
}
