using System.Text.Json;
using LlmGateway.Protocols;

namespace LlmGateway.Hosting.Cli;

/// <summary>The smallest useful streaming request of each API: one short user turn and a few output tokens.</summary>
internal static class ProbeRequestBody
{
    public const string Prompt = "Reply with one word.";

    /// <summary>16: the smallest <c>max_output_tokens</c> OpenAI's Responses API accepts.</summary>
    public const int MaxTokens = 16;

    public static byte[] Create(WireApi api, string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var buffer = new PooledBufferWriter();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model"u8, model);
            json.WriteBoolean("stream"u8, true);
            if (api == WireApi.Responses)
            {
                json.WriteNumber("max_output_tokens"u8, MaxTokens);
                json.WriteString("input"u8, Prompt);
            }
            else
            {
                json.WriteNumber("max_tokens"u8, MaxTokens);
                if (api == WireApi.ChatCompletions)
                {
                    // Without it a chat upstream sends no usage at all, and the report could not show tokens.
                    json.WriteStartObject("stream_options"u8);
                    json.WriteBoolean("include_usage"u8, true);
                    json.WriteEndObject();
                }

                json.WriteStartArray("messages"u8);
                json.WriteStartObject();
                json.WriteString("role"u8, "user"u8);
                json.WriteString("content"u8, Prompt);
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
