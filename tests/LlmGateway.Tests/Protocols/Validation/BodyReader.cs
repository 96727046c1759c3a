using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>Reads a non-streaming output: one JSON object in valid UTF-8, nothing before or after it.</summary>
internal static class BodyReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static JsonObject ReadObject(ReadOnlySpan<byte> output)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(output);
        }
        catch (DecoderFallbackException e)
        {
            throw new ProtocolViolationException("Body is not valid UTF-8.", e);
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw new ProtocolViolationException($"Body is not a JSON object: {text[..Math.Min(200, text.Length)]}");
        }
        catch (JsonException e)
        {
            throw new ProtocolViolationException($"Body is not one valid JSON value ({e.Message}): {text[..Math.Min(300, text.Length)]}", e);
        }
    }
}
