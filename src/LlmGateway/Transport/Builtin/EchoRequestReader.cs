using System.Text.Json;

namespace LlmGateway.Transport.Builtin;

/// <summary>
/// Reads an echo request with <see cref="Utf8JsonReader"/>: <c>messages</c> (Messages, Chat Completions) or <c>input</c>
/// (Responses: a string or a list of items), where content is a string or a list of parts with <c>text</c>.
/// </summary>
internal static class EchoRequestReader
{
    private const string DefaultModel = "echo";

    public static bool TryRead(ReadOnlySpan<byte> body, out EchoRequest request)
    {
        request = default;
        string? model = null;
        string? text = null;
        var stream = false;
        var includeUsage = false;

        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    model = reader.TokenType == JsonTokenType.String ? reader.GetString() : model;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    stream = reader.TokenType == JsonTokenType.True;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("stream_options"u8))
                {
                    reader.Read();
                    includeUsage = ReadIncludeUsage(ref reader);
                }
                else if (reader.ValueTextEquals("messages"u8) || reader.ValueTextEquals("input"u8))
                {
                    reader.Read();
                    text = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.StartArray => ReadLastUserText(ref reader) ?? text,
                        _ => SkipValue(ref reader, text),
                    };
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        request = new EchoRequest(string.IsNullOrEmpty(model) ? DefaultModel : model, stream, includeUsage, text ?? string.Empty);
        return true;
    }

    /// <summary>Reader on a <c>StartArray</c> of messages or items; leaves it on the matching <c>EndArray</c>.</summary>
    private static string? ReadLastUserText(ref Utf8JsonReader reader)
    {
        string? last = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            var isUser = false;
            string? content = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("role"u8))
                {
                    reader.Read();
                    isUser = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("user"u8);
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("content"u8))
                {
                    reader.Read();
                    content = ReadContent(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (isUser && content is not null)
            {
                last = content;
            }
        }

        return last;
    }

    /// <summary>Reader on a content value: a string, or parts whose <c>text</c> strings are joined.</summary>
    private static string? ReadContent(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var parts = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isText = reader.ValueTextEquals("text"u8);
                reader.Read();
                if (isText && reader.TokenType == JsonTokenType.String)
                {
                    parts.Add(reader.GetString()!);
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        return string.Join(' ', parts);
    }

    private static bool ReadIncludeUsage(ref Utf8JsonReader reader)
    {
        var includeUsage = false;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isIncludeUsage = reader.ValueTextEquals("include_usage"u8);
            reader.Read();
            if (isIncludeUsage)
            {
                includeUsage = reader.TokenType == JsonTokenType.True;
            }

            reader.Skip();
        }

        return includeUsage;
    }

    private static string? SkipValue(ref Utf8JsonReader reader, string? current)
    {
        reader.Skip();
        return current;
    }
}
