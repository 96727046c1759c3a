using System.Text.Json;

namespace LlmGateway.Routing;

/// <summary>
/// Reads <c>model</c> and <c>stream</c> from the top level of a JSON request body without materializing it.
/// Nested values are skipped (a <c>model</c> inside <c>metadata</c> does not count); the whole body is still validated.
/// </summary>
internal static class ModelRequestReader
{
    public static ModelRequestError TryRead(ReadOnlySpan<byte> body, out ModelRequest request)
    {
        request = default;
        string? model = null;
        var modelStart = 0;
        var modelLength = 0;
        var modelCount = 0;
        var modelIsString = true;
        var stream = false;
        var includeUsage = false;

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read())
            {
                return ModelRequestError.InvalidJson;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return reader.Read() ? ModelRequestError.InvalidJson : ModelRequestError.NotAnObject;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("model"u8))
                {
                    modelCount++;
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        model = reader.GetString();
                        modelStart = (int)reader.TokenStartIndex;
                        modelLength = (int)(reader.BytesConsumed - reader.TokenStartIndex);
                    }
                    else
                    {
                        modelIsString = false;
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    stream = reader.TokenType == JsonTokenType.True;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("stream_options"u8))
                {
                    includeUsage = ReadIncludeUsage(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // Anything after the root object (or an unterminated one) makes the body invalid.
            if (reader.Read())
            {
                return ModelRequestError.InvalidJson;
            }
        }
        catch (JsonException)
        {
            return ModelRequestError.InvalidJson;
        }

        if (modelCount == 0)
        {
            return ModelRequestError.MissingModel;
        }

        if (modelCount > 1)
        {
            return ModelRequestError.DuplicateModel;
        }

        if (!modelIsString || string.IsNullOrWhiteSpace(model))
        {
            return ModelRequestError.InvalidModel;
        }

        request = new ModelRequest(model, stream, modelStart, modelLength, includeUsage);
        return ModelRequestError.None;
    }

    /// <summary>Reads <c>stream_options</c> (the reader is on its name) and returns its <c>include_usage</c>.</summary>
    private static bool ReadIncludeUsage(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return false;
        }

        var includeUsage = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isIncludeUsage = reader.ValueTextEquals("include_usage"u8);
            reader.Read();
            includeUsage |= isIncludeUsage && reader.TokenType == JsonTokenType.True;
            reader.Skip();
        }

        return includeUsage;
    }
}
