using System.Text;
using System.Text.Json;
using LlmGateway.Protocols;
using LlmGateway.Protocols.Sse;

namespace LlmGateway.Hosting.Cli;

/// <summary>
/// Reads the normalizer's output (a strict stream of <paramref name="api"/>) as a client would: notices the first
/// content delta (text, reasoning or tool input: the first token) and collects the reply text.
/// </summary>
internal sealed class NormalizedStreamReader(WireApi api) : ISseFrameHandler
{
    /// <summary>Enough of a reply to recognize it on one line.</summary>
    private const int MaxReplyChars = 60;

    private readonly StringBuilder _reply = new();

    public bool SawToken { get; private set; }

    /// <summary>The text of the reply (reasoning excluded), cut at <see cref="MaxReplyChars"/> characters.</summary>
    public string Reply => (_reply.Length > MaxReplyChars ? string.Concat(_reply.ToString(0, MaxReplyChars), "...") : _reply.ToString()).ReplaceLineEndings(" ");

    public void OnFrame(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        switch (api)
        {
            case WireApi.Messages when eventName.SequenceEqual("content_block_delta"u8):
                SawToken = true;
                AppendText(data, static root => root.TryGetProperty("delta", out var delta) && delta.TryGetProperty("text", out var text) ? text : default);
                break;
            case WireApi.Responses when eventName.EndsWith(".delta"u8):
                SawToken = true;
                if (eventName.SequenceEqual("response.output_text.delta"u8))
                {
                    AppendText(data, static root => root.TryGetProperty("delta", out var delta) ? delta : default);
                }

                break;
            case WireApi.ChatCompletions when data.StartsWith("{"u8):
                ReadChatChunk(data);
                break;
            default:
                break;
        }
    }

    private void ReadChatChunk(ReadOnlySpan<byte> data)
    {
        using var document = JsonDocument.Parse(data.ToArray());
        if (!document.RootElement.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0
            || !choices[0].TryGetProperty("delta", out var delta))
        {
            return;
        }

        foreach (var property in delta.EnumerateObject())
        {
            // The encoder's first chunk carries the role and content ""; the first token is the first real fragment.
            var fragment = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
            if (property.Name is "content" or "reasoning_content" or "refusal" && !string.IsNullOrEmpty(fragment))
            {
                SawToken = true;
                if (property.Name == "content")
                {
                    Append(fragment);
                }
            }
            else if (property.Name == "tool_calls")
            {
                SawToken = true;
            }
        }
    }

    private void AppendText(ReadOnlySpan<byte> data, Func<JsonElement, JsonElement> select)
    {
        using var document = JsonDocument.Parse(data.ToArray());
        var text = select(document.RootElement);
        if (text.ValueKind == JsonValueKind.String)
        {
            Append(text.GetString());
        }
    }

    private void Append(string? text)
    {
        if (_reply.Length <= MaxReplyChars && text is not null)
        {
            _reply.Append(text);
        }
    }
}
