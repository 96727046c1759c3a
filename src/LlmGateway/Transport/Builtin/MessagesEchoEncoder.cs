using System.Text.Json;

namespace LlmGateway.Transport.Builtin;

/// <summary>Answers like the Anthropic Messages API (wire-protocols.md 1.2, 1.5, 1.11).</summary>
internal sealed class MessagesEchoEncoder : IEchoEncoder
{
    public IReadOnlyList<EchoFrame> Stream(EchoReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var frames = new List<EchoFrame>(reply.Words.Count + 7)
        {
            EchoJson.Event("message_start", writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("type", "message_start");
                writer.WritePropertyName("message");
                WriteMessage(writer, reply, content: null, stopReason: null, outputTokens: 0);
                writer.WriteEndObject();
            }),
            EchoJson.Event("content_block_start", writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("type", "content_block_start");
                writer.WriteNumber("index", 0);
                writer.WriteStartObject("content_block");
                writer.WriteString("type", "text");
                writer.WriteString("text", string.Empty);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }),
            EchoJson.Event("ping", writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("type", "ping");
                writer.WriteEndObject();
            }),
        };

        for (var i = 0; i < reply.Words.Count; i++)
        {
            var delta = reply.Delta(i);
            frames.Add(EchoJson.Event("content_block_delta", writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("type", "content_block_delta");
                writer.WriteNumber("index", 0);
                writer.WriteStartObject("delta");
                writer.WriteString("type", "text_delta");
                writer.WriteString("text", delta);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }, paced: true));
        }

        frames.Add(EchoJson.Event("content_block_stop", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "content_block_stop");
            writer.WriteNumber("index", 0);
            writer.WriteEndObject();
        }));
        frames.Add(EchoJson.Event("message_delta", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "message_delta");
            writer.WriteStartObject("delta");
            writer.WriteString("stop_reason", "end_turn");
            writer.WriteNull("stop_sequence");
            writer.WriteEndObject();
            writer.WriteStartObject("usage");
            writer.WriteNumber("input_tokens", reply.InputTokens);
            writer.WriteNumber("output_tokens", reply.OutputTokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }));
        frames.Add(EchoJson.Event("message_stop", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "message_stop");
            writer.WriteEndObject();
        }));
        return frames;
    }

    public byte[] Body(EchoReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return EchoJson.Body(writer => WriteMessage(writer, reply, reply.Text, "end_turn", reply.OutputTokens));
    }

    private static void WriteMessage(Utf8JsonWriter writer, EchoReply reply, string? content, string? stopReason, int outputTokens)
    {
        writer.WriteStartObject();
        writer.WriteString("id", "msg_" + reply.Id);
        writer.WriteString("type", "message");
        writer.WriteString("role", "assistant");
        writer.WriteString("model", reply.Model);
        writer.WriteStartArray("content");
        if (content is not null)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "text");
            writer.WriteString("text", content);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (stopReason is null)
        {
            writer.WriteNull("stop_reason");
        }
        else
        {
            writer.WriteString("stop_reason", stopReason);
        }

        writer.WriteNull("stop_sequence");
        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", reply.InputTokens);
        writer.WriteNumber("output_tokens", outputTokens);
        writer.WriteNumber("cache_creation_input_tokens", 0);
        writer.WriteNumber("cache_read_input_tokens", 0);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
