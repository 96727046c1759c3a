using System.Text.Json;

namespace LlmGateway.Transport.Builtin;

/// <summary>Answers like OpenAI Chat Completions (wire-protocols.md 3.1): data-only chunks ending in <c>[DONE]</c>.</summary>
internal sealed class ChatCompletionsEchoEncoder : IEchoEncoder
{
    public IReadOnlyList<EchoFrame> Stream(EchoReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var frames = new List<EchoFrame>(reply.Words.Count + 4)
        {
            Chunk(reply, writer =>
            {
                writer.WriteString("role", "assistant");
                writer.WriteString("content", string.Empty);
            }, finishReason: null),
        };

        for (var i = 0; i < reply.Words.Count; i++)
        {
            var delta = reply.Delta(i);
            frames.Add(Chunk(reply, writer => writer.WriteString("content", delta), finishReason: null, paced: true));
        }

        frames.Add(Chunk(reply, static _ => { }, finishReason: "stop"));
        if (reply.IncludeUsage)
        {
            frames.Add(EchoJson.Data(writer =>
            {
                WriteHeader(writer, reply, "chat.completion.chunk");
                writer.WriteStartArray("choices");
                writer.WriteEndArray();
                WriteUsage(writer, reply);
                writer.WriteEndObject();
            }));
        }

        frames.Add(new EchoFrame(EchoJson.DoneFrame));
        return frames;
    }

    public byte[] Body(EchoReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return EchoJson.Body(writer =>
        {
            WriteHeader(writer, reply, "chat.completion");
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            writer.WriteString("content", reply.Text);
            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            writer.WriteString("finish_reason", "stop");
            writer.WriteEndObject();
            writer.WriteEndArray();
            WriteUsage(writer, reply);
            writer.WriteEndObject();
        });
    }

    private static EchoFrame Chunk(EchoReply reply, Action<Utf8JsonWriter> writeDelta, string? finishReason, bool paced = false) =>
        EchoJson.Data(writer =>
        {
            WriteHeader(writer, reply, "chat.completion.chunk");
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("delta");
            writeDelta(writer);
            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            if (finishReason is null)
            {
                writer.WriteNull("finish_reason");
            }
            else
            {
                writer.WriteString("finish_reason", finishReason);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }, paced);

    /// <summary>Opens the object and writes the fields every chunk and body share.</summary>
    private static void WriteHeader(Utf8JsonWriter writer, EchoReply reply, string objectType)
    {
        writer.WriteStartObject();
        writer.WriteString("id", "chatcmpl-" + reply.Id);
        writer.WriteString("object", objectType);
        writer.WriteNumber("created", reply.CreatedAt);
        writer.WriteString("model", reply.Model);
    }

    private static void WriteUsage(Utf8JsonWriter writer, EchoReply reply)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", reply.InputTokens);
        writer.WriteNumber("completion_tokens", reply.OutputTokens);
        writer.WriteNumber("total_tokens", reply.InputTokens + reply.OutputTokens);
        writer.WriteEndObject();
    }
}
