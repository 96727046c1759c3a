using System.Text.Json.Nodes;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>
/// Asserts a non-streaming Chat Completions body (wire-protocols.md 3.6): either the <c>chat.completion</c> object —
/// <c>chatcmpl-</c> id, integer <c>created</c>, the requested <c>model</c>, one choice with index 0 whose message has
/// <c>role: "assistant"</c>, <c>content</c> string or null, tool calls with unique ids, <c>type: "function"</c>, a name
/// and arguments that parse to one object, a documented <c>finish_reason</c> (<c>tool_calls</c> iff there are calls) and
/// integer usage — or the OpenAI error body <c>{"error":{"message","type","param","code"}}</c>.
/// </summary>
public static class ChatBodyValidator
{
    public static JsonObject Validate(ReadOnlySpan<byte> output, string? requestedModel)
    {
        var body = BodyReader.ReadObject(output);
        const string Where = "Chat body";
        if (!body.ContainsKey("object") && body["error"] is JsonObject error)
        {
            JsonAssert.String(error, "message", Where + " error");
            JsonAssert.NonEmptyString(error, "type", Where + " error");
            JsonAssert.NullableString(error, "param", Where + " error");
            JsonAssert.NullableString(error, "code", Where + " error");
            return body;
        }

        var id = JsonAssert.NonEmptyString(body, "id", Where);
        if (!id.StartsWith("chatcmpl-", StringComparison.Ordinal))
        {
            throw JsonAssert.Violation(Where, $"id '{id}' does not start with chatcmpl-");
        }

        JsonAssert.Equal(body, "object", "chat.completion", Where);
        JsonAssert.NonNegativeInteger(body, "created", Where);
        var model = JsonAssert.NonEmptyString(body, "model", Where);
        if (requestedModel is not null && model != requestedModel)
        {
            throw JsonAssert.Violation(Where, $"model '{model}' is not the requested model '{requestedModel}'");
        }

        var choices = JsonAssert.Array(body, "choices", Where);
        if (choices.Count != 1 || choices[0] is not JsonObject choice)
        {
            throw JsonAssert.Violation(Where, "exactly one choice expected");
        }

        if (JsonAssert.Integer(choice, "index", Where + " choice") != 0)
        {
            throw JsonAssert.Violation(Where, "choice index must be 0");
        }

        var message = JsonAssert.Object(choice, "message", Where + " choice");
        JsonAssert.Equal(message, "role", "assistant", Where + " message");
        JsonAssert.NullableString(message, "content", Where + " message");
        var calls = 0;
        if (message.ContainsKey("tool_calls"))
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in JsonAssert.Array(message, "tool_calls", Where + " message"))
            {
                var w = $"{Where} tool_calls[{calls++}]";
                var call = node as JsonObject ?? throw JsonAssert.Violation(w, "not an object");
                if (!ids.Add(JsonAssert.NonEmptyString(call, "id", w)))
                {
                    throw JsonAssert.Violation(w, $"id '{call["id"]}' is used by an earlier call");
                }

                JsonAssert.Equal(call, "type", "function", w);
                var function = JsonAssert.Object(call, "function", w);
                JsonAssert.NonEmptyString(function, "name", w);
                var arguments = JsonAssert.String(function, "arguments", w);
                if (JsonAssert.TryParseObject(arguments) is null)
                {
                    throw JsonAssert.Violation(w, $"arguments '{arguments}' are not one JSON object");
                }
            }
        }

        var finish = JsonAssert.String(choice, "finish_reason", Where + " choice");
        if (!ChatStreamValidator.FinishReasons.Contains(finish))
        {
            throw JsonAssert.Violation(Where, $"undocumented finish_reason '{finish}'");
        }

        if ((finish == "tool_calls") != (calls > 0))
        {
            throw JsonAssert.Violation(Where, $"finish_reason '{finish}' with {calls} tool calls");
        }

        ChatStreamValidator.ValidateUsage(JsonAssert.Object(body, "usage", Where), Where);
        return body;
    }
}
