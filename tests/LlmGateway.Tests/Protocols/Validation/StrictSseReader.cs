using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>
/// Reads the normalizer's SSE output strictly (wire-protocols.md 1.4, 2.1, 6 Messages 1 and Responses 1): valid
/// UTF-8, LF line endings only, every frame exactly <c>event: X\ndata: {json}\n\n</c> with a one-line JSON object
/// whose <c>type</c> equals X. SSE comments (<c>: …</c>) are tolerated as keepalives; <c>data: [DONE]</c> is
/// reported so the caller can decide whether the API allows it.
/// </summary>
public static class StrictSseReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses the output into frames.</summary>
    /// <param name="doneSentinelPositions">Where <c>data: [DONE]</c> frames were seen (the count of event frames before each).</param>
    public static List<SseOutputFrame> Read(ReadOnlySpan<byte> output, out List<int> doneSentinelPositions)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(output);
        }
        catch (DecoderFallbackException e)
        {
            throw new ProtocolViolationException("Output is not valid UTF-8.", e);
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            throw new ProtocolViolationException("Output starts with a byte order mark.");
        }

        if (text.Contains('\r', StringComparison.Ordinal))
        {
            throw new ProtocolViolationException("Output contains a CR; frames must use LF line endings.");
        }

        var frames = new List<SseOutputFrame>();
        doneSentinelPositions = [];
        var pos = 0;
        while (pos < text.Length)
        {
            var blockEnd = text.IndexOf("\n\n", pos, StringComparison.Ordinal);
            if (blockEnd < 0)
            {
                throw new ProtocolViolationException($"Output ends inside a frame (no blank line after it): {Excerpt(text, pos)}");
            }

            var block = text[pos..blockEnd];
            pos = blockEnd + 2;
            if (block.Length == 0)
            {
                throw new ProtocolViolationException($"Stray blank line at offset {blockEnd} (after frame {frames.Count}).");
            }

            var lines = block.Split('\n');
            if (lines.All(l => l.StartsWith(':')))
            {
                continue; // comment-only block: a keepalive
            }

            if (lines.Length == 1 && lines[0] == "data: [DONE]")
            {
                doneSentinelPositions.Add(frames.Count);
                continue;
            }

            if (lines.Length != 2)
            {
                throw new ProtocolViolationException($"Frame {frames.Count} has {lines.Length} lines; expected exactly 'event:' and 'data:': {Excerpt(block, 0)}");
            }

            if (!lines[0].StartsWith("event: ", StringComparison.Ordinal))
            {
                throw new ProtocolViolationException($"Frame {frames.Count} does not start with 'event: ': {Excerpt(block, 0)}");
            }

            if (!lines[1].StartsWith("data: ", StringComparison.Ordinal))
            {
                throw new ProtocolViolationException($"Frame {frames.Count} second line is not 'data: ': {Excerpt(block, 0)}");
            }

            var name = lines[0]["event: ".Length..];
            if (name.Length == 0 || name.Any(char.IsWhiteSpace))
            {
                throw new ProtocolViolationException($"Frame {frames.Count} has an empty or blank-containing event name '{name}'.");
            }

            var json = lines[1]["data: ".Length..];
            if (json.Length == 0)
            {
                throw new ProtocolViolationException($"Frame {frames.Count} ({name}) has empty data.");
            }

            JsonObject data;
            try
            {
                data = JsonNode.Parse(json) as JsonObject
                    ?? throw new ProtocolViolationException($"Frame {frames.Count} ({name}) data is not a JSON object: {Excerpt(json, 0)}");
            }
            catch (JsonException e)
            {
                throw new ProtocolViolationException($"Frame {frames.Count} ({name}) data is not valid JSON: {e.Message}: {Excerpt(json, 0)}", e);
            }

            var frame = new SseOutputFrame(frames.Count, name, json, data);
            var type = data["type"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (type is null)
            {
                throw new ProtocolViolationException($"{frame}: data has no string 'type'.");
            }

            if (type != name)
            {
                throw new ProtocolViolationException($"{frame}: event name '{name}' differs from data.type '{type}'.");
            }

            frames.Add(frame);
        }

        return frames;
    }

    private static string Excerpt(string text, int start)
    {
        var rest = text[start..];
        rest = rest.Length > 200 ? rest[..200] + "…" : rest;
        return rest.Replace("\n", "\\n", StringComparison.Ordinal);
    }
}
