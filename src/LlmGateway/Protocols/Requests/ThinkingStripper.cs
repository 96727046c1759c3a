using System.Text.Json;
using LlmGateway.Protocols.Json;

namespace LlmGateway.Protocols.Requests;

/// <summary>Rewrites a Messages body without its unsigned <c>thinking</c> blocks, copying everything else as written.</summary>
internal static class ThinkingStripper
{
    /// <summary>The body without its unsigned thinking blocks, or null when it has none.</summary>
    public static byte[]? Strip(ReadOnlySpan<byte> body)
    {
        // A thinking block's type is the word itself or written with \u escapes (the only escapes of a letter): a body with
        // neither has none, and is not parsed again.
        if (body.IndexOf("thinking"u8) < 0 && body.IndexOf("\\u"u8) < 0)
        {
            return null;
        }

        var root = RequestJson.Root(body);
        if (!HasUnsigned(root["messages"u8]))
        {
            return null;
        }

        using var buffer = new PooledBufferWriter(body.Length);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var property in root.Properties())
            {
                json.WritePropertyName(property.Name);
                if (property.NameEquals("messages"u8))
                {
                    WriteMessages(json, property.Value);
                }
                else
                {
                    json.WriteRawValue(property.Value.Value, skipInputValidation: true);
                }
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static bool HasUnsigned(RawJson messages)
    {
        foreach (var message in messages.Items())
        {
            foreach (var block in message["content"u8].Items())
            {
                if (IsUnsigned(block))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsUnsigned(RawJson block) =>
        block["type"u8].StringEquals("thinking"u8) && string.IsNullOrEmpty(block["signature"u8].GetString());

    private static void WriteMessages(Utf8JsonWriter json, RawJson messages)
    {
        json.WriteStartArray();
        foreach (var message in messages.Items())
        {
            var content = message["content"u8];
            if (!content.IsArray)
            {
                json.WriteRawValue(message.Value, skipInputValidation: true);
                continue;
            }

            var kept = 0;
            foreach (var block in content.Items())
            {
                kept += IsUnsigned(block) ? 0 : 1;
            }

            if (kept == 0)
            {
                // Nothing but unsigned thinking: an empty turn is invalid, and dropping it loses nothing Anthropic could read.
                continue;
            }

            json.WriteStartObject();
            JsonObjectCopier.CopyProperties(json, message.Value, static name => name.SequenceEqual("content"u8));
            json.WriteStartArray("content"u8);
            foreach (var block in content.Items())
            {
                if (!IsUnsigned(block))
                {
                    json.WriteRawValue(block.Value, skipInputValidation: true);
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
