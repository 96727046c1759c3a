using System.Text;
using System.Text.Json;

namespace LlmGateway.Protocols.Json;

/// <summary>
/// Makes a tool call's accumulated arguments one valid JSON object: empty becomes <c>{}</c>; arguments sent twice
/// (<c>{…}{…}</c>, <c>{{…}</c>) keep the first complete object; a fragment missing its leading <c>{"</c> gets it back.
/// </summary>
public static class ToolArgumentsRepair
{
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    /// <summary>Returns escaped string content of a valid JSON object, and whether a repair was needed.</summary>
    public static byte[] Repair(ReadOnlySpan<byte> escapedArguments, out bool repaired)
    {
        repaired = false;
        var text = escapedArguments.IndexOf((byte)'\\') < 0 ? escapedArguments.ToArray() : Encoding.UTF8.GetBytes(JsonText.Unescape(escapedArguments));
        var trimmed = text.AsSpan().Trim(" \t\r\n"u8);
        if (trimmed.IsEmpty)
        {
            return EmptyObject;
        }

        if (IsSingleObject(trimmed))
        {
            return escapedArguments.ToArray();
        }

        repaired = true;
        if (TryFirstObject(trimmed, out var first))
        {
            return JsonText.Escape(first);
        }

        // Leading characters lost or duplicated: take the first position from which a whole object parses.
        for (var i = 1; i < trimmed.Length; i++)
        {
            if (trimmed[i] == (byte)'{' && TryFirstObject(trimmed[i..], out first))
            {
                return JsonText.Escape(first);
            }
        }

        foreach (var prefix in (ReadOnlySpan<string>)["{\"", "{"])
        {
            var candidate = Encoding.UTF8.GetBytes(prefix).Concat(trimmed.ToArray()).ToArray();
            if (IsSingleObject(candidate))
            {
                return JsonText.Escape(candidate);
            }
        }

        return EmptyObject;
    }

    private static bool IsSingleObject(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryFirstObject(ReadOnlySpan<byte> json, out ReadOnlySpan<byte> first)
    {
        first = default;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowMultipleValues = true });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            first = json[..(int)reader.BytesConsumed];
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
