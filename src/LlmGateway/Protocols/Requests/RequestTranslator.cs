using System.Text.Json;
using LlmGateway.Protocols.Json;

namespace LlmGateway.Protocols.Requests;

/// <summary>
/// Translates a client request body of one wire API into an upstream request body of another, through
/// <see cref="NeutralRequest"/> (3 readers + 3 writers). What cannot be carried answers 400 through
/// <see cref="RequestTranslationException"/>; what each reader drops as harmless is listed on the reader
/// (<see cref="MessagesRequestReader"/>, <see cref="ResponsesRequestReader"/>, <see cref="ChatRequestReader"/>) and
/// what each writer decides on the writer.
/// </summary>
public static class RequestTranslator
{
    private static readonly byte[][] EchoFields =
    [
        "instructions"u8.ToArray(), "max_output_tokens"u8.ToArray(), "parallel_tool_calls"u8.ToArray(),
        "previous_response_id"u8.ToArray(), "reasoning"u8.ToArray(), "temperature"u8.ToArray(), "top_p"u8.ToArray(),
        "tool_choice"u8.ToArray(), "tools"u8.ToArray(), "text"u8.ToArray(), "truncation"u8.ToArray(), "user"u8.ToArray(),
        "metadata"u8.ToArray(), "store"u8.ToArray(), "service_tier"u8.ToArray(),
    ];

    /// <summary>
    /// The upstream body for <paramref name="body"/>. The same API on both sides is the native path and copies the
    /// body with only <c>model</c> replaced (and, for Messages, unsigned thinking stripped when the options say so).
    /// </summary>
    /// <exception cref="RequestTranslationException">The body is not a JSON object, or means something the upstream API cannot carry.</exception>
    public static byte[] Translate(WireApi clientApi, WireApi upstreamApi, ReadOnlySpan<byte> body, RequestTranslationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            if (clientApi == upstreamApi)
            {
                return Native(clientApi, body, options);
            }

            var request = clientApi switch
            {
                WireApi.Messages => MessagesRequestReader.Read(body),
                WireApi.Responses => ResponsesRequestReader.Read(body),
                WireApi.ChatCompletions => ChatRequestReader.Read(body),
                _ => throw new ArgumentOutOfRangeException(nameof(clientApi)),
            };
            var context = new RequestWriterContext(clientApi, options);
            return upstreamApi switch
            {
                WireApi.Messages => MessagesRequestWriter.Write(request, context),
                WireApi.Responses => ResponsesRequestWriter.Write(request, context),
                WireApi.ChatCompletions => ChatRequestWriter.Write(request, context),
                _ => throw new ArgumentOutOfRangeException(nameof(upstreamApi)),
            };
        }
        catch (JsonException e)
        {
            throw new RequestTranslationException(null, $"The request body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>
    /// Removes Messages <c>thinking</c> blocks whose <c>signature</c> is missing or empty (a client echoing reasoning a
    /// non-Anthropic upstream produced; Anthropic rejects them). An assistant turn left empty is removed with them.
    /// </summary>
    /// <returns><paramref name="messagesBody"/> itself when nothing was stripped.</returns>
    public static byte[] StripUnsignedThinking(byte[] messagesBody, out bool changed)
    {
        ArgumentNullException.ThrowIfNull(messagesBody);
        try
        {
            var stripped = ThinkingStripper.Strip(messagesBody);
            changed = stripped is not null;
            return stripped ?? messagesBody;
        }
        catch (JsonException e)
        {
            throw new RequestTranslationException(null, $"The request body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>
    /// The request fields a Responses response echoes (<c>instructions</c>, <c>max_output_tokens</c>,
    /// <c>parallel_tool_calls</c>, <c>previous_response_id</c>, <c>reasoning</c>, <c>temperature</c>, <c>top_p</c>,
    /// <c>tool_choice</c>, <c>tools</c>, <c>text</c>, <c>truncation</c>, <c>user</c>, <c>metadata</c>, <c>store</c>,
    /// <c>service_tier</c>) as one raw JSON object with the client's values unchanged; <c>{}</c> when there are none
    /// or the body is not a JSON object.
    /// </summary>
    public static byte[] ResponsesEchoFields(ReadOnlySpan<byte> responsesRequestBody)
    {
        RawJson root;
        try
        {
            root = RawJson.Parse(responsesRequestBody);
        }
        catch (JsonException)
        {
            return "{}"u8.ToArray();
        }

        if (!root.IsObject)
        {
            return "{}"u8.ToArray();
        }

        using var buffer = new PooledBufferWriter(responsesRequestBody.Length + 2);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            JsonObjectCopier.CopyProperties(json, root.Value, static name => !IsEchoField(name));
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static bool IsEchoField(ReadOnlySpan<byte> escapedName)
    {
        foreach (var field in EchoFields)
        {
            if (escapedName.SequenceEqual(field))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Native(WireApi api, ReadOnlySpan<byte> body, RequestTranslationOptions options)
    {
        var root = RequestJson.Root(body);
        if (api == WireApi.Messages && options.StripUnsignedThinking)
        {
            if (ThinkingStripper.Strip(root.Value) is { } stripped)
            {
                return WithModel(stripped, options.UpstreamModel);
            }
        }

        return WithModel(root.Value, options.UpstreamModel);
    }

    private static byte[] WithModel(ReadOnlySpan<byte> rawObject, string model)
    {
        using var buffer = new PooledBufferWriter(rawObject.Length + model.Length + 16);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model"u8, model);
            JsonObjectCopier.CopyProperties(json, rawObject, static name => name.SequenceEqual("model"u8));
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
