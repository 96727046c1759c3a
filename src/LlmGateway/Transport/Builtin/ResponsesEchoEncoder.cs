using System.Text.Json;

namespace LlmGateway.Transport.Builtin;

/// <summary>Answers like the OpenAI Responses API (wire-protocols.md 2.2 to 2.6).</summary>
internal sealed class ResponsesEchoEncoder : IEchoEncoder
{
    public IReadOnlyList<EchoFrame> Stream(EchoReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var frames = new List<EchoFrame>(reply.Words.Count + 8);
        var sequence = 0;
        var itemId = "msg_" + reply.Id;

        void Add(string type, Action<Utf8JsonWriter> writeFields, bool paced = false)
        {
            var sequenceNumber = sequence++;
            frames.Add(EchoJson.Event(type, writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("type", type);
                writer.WriteNumber("sequence_number", sequenceNumber);
                writeFields(writer);
                writer.WriteEndObject();
            }, paced));
        }

        Add("response.created", writer => WriteResponseProperty(writer, reply, completed: false));
        Add("response.in_progress", writer => WriteResponseProperty(writer, reply, completed: false));
        Add("response.output_item.added", writer =>
        {
            writer.WriteNumber("output_index", 0);
            writer.WritePropertyName("item");
            WriteMessageItem(writer, reply, text: null);
        });
        Add("response.content_part.added", writer =>
        {
            WriteLocation(writer, itemId);
            writer.WritePropertyName("part");
            WriteTextPart(writer, string.Empty);
        });
        for (var i = 0; i < reply.Words.Count; i++)
        {
            var delta = reply.Delta(i);
            Add("response.output_text.delta", writer =>
            {
                WriteLocation(writer, itemId);
                writer.WriteString("delta", delta);
                writer.WriteStartArray("logprobs");
                writer.WriteEndArray();
            }, paced: true);
        }

        Add("response.output_text.done", writer =>
        {
            WriteLocation(writer, itemId);
            writer.WriteString("text", reply.Text);
            writer.WriteStartArray("logprobs");
            writer.WriteEndArray();
        });
        Add("response.content_part.done", writer =>
        {
            WriteLocation(writer, itemId);
            writer.WritePropertyName("part");
            WriteTextPart(writer, reply.Text);
        });
        Add("response.output_item.done", writer =>
        {
            writer.WriteNumber("output_index", 0);
            writer.WritePropertyName("item");
            WriteMessageItem(writer, reply, reply.Text);
        });
        Add("response.completed", writer => WriteResponseProperty(writer, reply, completed: true));
        return frames;
    }

    public byte[] Body(EchoReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return EchoJson.Body(writer => WriteResponse(writer, reply, completed: true));
    }

    private static void WriteResponseProperty(Utf8JsonWriter writer, EchoReply reply, bool completed)
    {
        writer.WritePropertyName("response");
        WriteResponse(writer, reply, completed);
    }

    private static void WriteResponse(Utf8JsonWriter writer, EchoReply reply, bool completed)
    {
        writer.WriteStartObject();
        writer.WriteString("id", "resp_" + reply.Id);
        writer.WriteString("object", "response");
        writer.WriteNumber("created_at", reply.CreatedAt);
        writer.WriteString("status", completed ? "completed" : "in_progress");
        writer.WriteString("model", reply.Model);
        writer.WriteStartArray("output");
        if (completed)
        {
            WriteMessageItem(writer, reply, reply.Text);
        }

        writer.WriteEndArray();
        if (completed)
        {
            writer.WriteStartObject("usage");
            writer.WriteNumber("input_tokens", reply.InputTokens);
            writer.WriteStartObject("input_tokens_details");
            writer.WriteNumber("cached_tokens", 0);
            writer.WriteEndObject();
            writer.WriteNumber("output_tokens", reply.OutputTokens);
            writer.WriteStartObject("output_tokens_details");
            writer.WriteNumber("reasoning_tokens", 0);
            writer.WriteEndObject();
            writer.WriteNumber("total_tokens", reply.InputTokens + reply.OutputTokens);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("usage");
        }

        writer.WriteNull("error");
        writer.WriteNull("incomplete_details");
        writer.WriteBoolean("parallel_tool_calls", true);
        writer.WriteStartArray("tools");
        writer.WriteEndArray();
        writer.WriteString("tool_choice", "auto");
        writer.WriteStartObject("metadata");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteMessageItem(Utf8JsonWriter writer, EchoReply reply, string? text)
    {
        writer.WriteStartObject();
        writer.WriteString("id", "msg_" + reply.Id);
        writer.WriteString("type", "message");
        writer.WriteString("status", text is null ? "in_progress" : "completed");
        writer.WriteString("role", "assistant");
        writer.WriteStartArray("content");
        if (text is not null)
        {
            WriteTextPart(writer, text);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteTextPart(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "output_text");
        writer.WriteString("text", text);
        writer.WriteStartArray("annotations");
        writer.WriteEndArray();
        writer.WriteStartArray("logprobs");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter writer, string itemId)
    {
        writer.WriteString("item_id", itemId);
        writer.WriteNumber("output_index", 0);
        writer.WriteNumber("content_index", 0);
    }
}
