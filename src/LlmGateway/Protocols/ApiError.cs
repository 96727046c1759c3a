using System.Buffers;
using System.Text.Json;

namespace LlmGateway.Protocols;

/// <summary>
/// Error bodies in each API's own shape, and the reading of whatever error body an upstream sent.
/// Status-to-type mapping follows wire-protocols.md 1.3.
/// </summary>
public static class ApiError
{
    /// <summary>The Anthropic <c>error.type</c> for an HTTP status.</summary>
    public static string AnthropicType(int status) => status switch
    {
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        504 => "timeout_error",
        529 => "overloaded_error",
        >= 500 => "api_error",
        _ => "invalid_request_error",
    };

    /// <summary>The OpenAI <c>error.type</c> for an HTTP status (an unknown model is an <c>invalid_request_error</c> with code <c>model_not_found</c>, as OpenAI sends it).</summary>
    public static string OpenAIType(int status) => status switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        429 => "rate_limit_error",
        504 => "timeout_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };

    /// <summary>The HTTP status that goes with an Anthropic-style error type (the inverse of <see cref="AnthropicType"/>).</summary>
    public static int StatusForType(string? type) => type switch
    {
        "invalid_request_error" => 400,
        "authentication_error" => 401,
        "billing_error" => 402,
        "permission_error" => 403,
        "not_found_error" => 404,
        "request_too_large" => 413,
        "rate_limit_error" => 429,
        "timeout_error" => 504,
        "overloaded_error" => 529,
        _ => 502,
    };

    /// <summary>Writes a complete error body for <paramref name="api"/>.</summary>
    /// <param name="code">OpenAI <c>code</c> (e.g. <c>model_not_found</c>); ignored for Messages.</param>
    /// <param name="param">OpenAI <c>param</c>; ignored for Messages.</param>
    public static void WriteBody(WireApi api, int status, string message, IBufferWriter<byte> output, string? code = null, string? param = null, string? requestId = null)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        if (api == WireApi.Messages)
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "error"u8);
            writer.WriteStartObject("error"u8);
            writer.WriteString("type"u8, AnthropicType(status));
            writer.WriteString("message"u8, message);
            writer.WriteEndObject();
            if (requestId is not null)
            {
                writer.WriteString("request_id"u8, requestId);
            }

            writer.WriteEndObject();
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error"u8);
            writer.WriteString("message"u8, message);
            writer.WriteString("type"u8, OpenAIType(status));
            WriteNullableString(writer, "param"u8, param);
            WriteNullableString(writer, "code"u8, code ?? DefaultOpenAICode(status));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }

    /// <summary>An error body for <paramref name="api"/> as a byte array.</summary>
    public static byte[] Body(WireApi api, int status, string message, string? code = null, string? param = null, string? requestId = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteBody(api, status, message, buffer, code, param, requestId);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads the message (and OpenAI code) out of an upstream error body of any shape: Anthropic, OpenAI,
    /// <c>{"detail": …}</c>, <c>{"message": …}</c>, <c>{"error": "…"}</c> or plain text.
    /// </summary>
    public static UpstreamErrorInfo ReadUpstream(ReadOnlySpan<byte> body, int status)
    {
        string? message = null;
        string? type = null;
        string? code = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("error"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.StartObject)
                        {
                            ReadErrorObject(ref reader, ref message, ref type, ref code);
                        }
                        else if (reader.TokenType == JsonTokenType.String)
                        {
                            message ??= reader.GetString();
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                    else if (reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("detail"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            message ??= reader.GetString();
                        }
                        else
                        {
                            var start = reader.TokenStartIndex;
                            reader.Skip();
                            message ??= System.Text.Encoding.UTF8.GetString(body.Slice((int)start, (int)(reader.BytesConsumed - start)));
                        }
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
        }
        catch (JsonException)
        {
            message = null;
        }

        if (string.IsNullOrWhiteSpace(message))
        {
            var text = System.Text.Encoding.UTF8.GetString(body.Length > 2048 ? body[..2048] : body).Trim();
            message = text.Length > 0 && text[0] != '{' ? text : $"Upstream answered HTTP {status}.";
        }

        return new UpstreamErrorInfo(status, message, type, code);
    }

    /// <summary>Reads <c>type</c>, <c>message</c> and <c>code</c> from an error object (<c>{"type": …, "message": …, "code": …}</c>).</summary>
    public static (string? Type, string? Message, string? Code) ReadErrorFields(ReadOnlySpan<byte> errorObject)
    {
        string? message = null, type = null, code = null;
        if (!errorObject.IsEmpty)
        {
            var reader = new Utf8JsonReader(errorObject);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                ReadErrorObject(ref reader, ref message, ref type, ref code);
            }
        }

        return (type, message, code);
    }

    private static void ReadErrorObject(ref Utf8JsonReader reader, ref string? message, ref string? type, ref string? code)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMessage = reader.ValueTextEquals("message"u8);
            var isType = reader.ValueTextEquals("type"u8);
            var isCode = reader.ValueTextEquals("code"u8);
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                if (isMessage)
                {
                    message = reader.GetString();
                }
                else if (isType)
                {
                    type = reader.GetString();
                }
                else if (isCode)
                {
                    code = reader.GetString();
                }
            }
            else if (reader.TokenType == JsonTokenType.Number && isCode)
            {
                code = reader.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static string? DefaultOpenAICode(int status) => status switch
    {
        401 => "invalid_api_key",
        429 => "rate_limit_exceeded",
        _ => null,
    };

    private static void WriteNullableString(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}

/// <summary>An upstream error as read from its body.</summary>
public readonly record struct UpstreamErrorInfo(int Status, string Message, string? Type, string? Code);
