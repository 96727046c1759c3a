using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace LlmGateway.Endpoints;

/// <summary>
/// Counts the input tokens of a Messages request with a real BPE tokenizer (o200k) when no upstream can count them:
/// the text a model reads (system, message text, tool definitions and arguments, tool results), a small per-message
/// overhead, and a fixed cost per image. An estimate: each model family tokenizes differently.
/// </summary>
internal sealed class TokenEstimator
{
    /// <summary>A typical image of about one megapixel costs this many tokens (Anthropic's published rule of thumb).</summary>
    private const int ImageTokens = 1600;

    private const int MessageOverhead = 4;

    private readonly Tokenizer _tokenizer = TiktokenTokenizer.CreateForEncoding("o200k_base");

    public int CountMessagesRequest(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        var total = 0;
        var property = string.Empty;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString() ?? string.Empty;
                    if (property == "role")
                    {
                        total += MessageOverhead;
                    }

                    break;
                case JsonTokenType.String when property == "data" || property == "url":
                    total += ImageTokens; // image sources: base64 data or a URL
                    break;
                case JsonTokenType.String when IsCounted(property):
                    total += _tokenizer.CountTokens(reader.GetString() ?? string.Empty);
                    break;
                case JsonTokenType.StartObject when property is "input" or "input_schema":
                    // Tool arguments and schemas are read by the model as JSON text.
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    total += _tokenizer.CountTokens(System.Text.Encoding.UTF8.GetString(body[start..(int)reader.BytesConsumed]));
                    break;
            }
        }

        return total;
    }

    private static bool IsCounted(string property) =>
        property is "text" or "content" or "system" or "thinking" or "name" or "description";
}
