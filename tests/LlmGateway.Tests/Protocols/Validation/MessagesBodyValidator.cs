using System.Text.Json.Nodes;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>
/// Asserts a non-streaming Messages body (wire-protocols.md 1.2, 1.3): either the Message object — <c>msg_</c> id,
/// <c>type</c>, <c>role</c>, the requested <c>model</c>, well-formed <c>content</c> without empty text blocks and with
/// tool <c>input</c> objects, a documented <c>stop_reason</c>, <c>stop_sequence</c>, integer usage — or the error body
/// <c>{"type":"error","error":{"type","message"}}</c>.
/// </summary>
public static class MessagesBodyValidator
{
    public static JsonObject Validate(ReadOnlySpan<byte> output, string? requestedModel)
    {
        var body = BodyReader.ReadObject(output);
        const string Where = "Messages body";
        if (JsonAssert.TryString(body["type"]) == "error")
        {
            var error = JsonAssert.Object(body, "error", Where);
            JsonAssert.NonEmptyString(error, "type", Where + " error");
            JsonAssert.String(error, "message", Where + " error");
            return body;
        }

        var id = JsonAssert.NonEmptyString(body, "id", Where);
        if (!id.StartsWith("msg_", StringComparison.Ordinal))
        {
            throw JsonAssert.Violation(Where, $"id '{id}' does not start with msg_");
        }

        JsonAssert.Equal(body, "type", "message", Where);
        JsonAssert.Equal(body, "role", "assistant", Where);
        var model = JsonAssert.NonEmptyString(body, "model", Where);
        if (requestedModel is not null && model != requestedModel)
        {
            throw JsonAssert.Violation(Where, $"model '{model}' is not the requested model '{requestedModel}'");
        }

        var content = JsonAssert.Array(body, "content", Where);
        var toolIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < content.Count; i++)
        {
            var w = $"{Where} content[{i}]";
            var block = content[i] as JsonObject ?? throw JsonAssert.Violation(w, "not an object");
            var type = JsonAssert.NonEmptyString(block, "type", w);
            switch (type)
            {
                case "text":
                    if (JsonAssert.String(block, "text", w).Length == 0)
                    {
                        throw JsonAssert.Violation(w, "empty text block (rule 1.8.7)");
                    }

                    if (block.ContainsKey("citations"))
                    {
                        JsonAssert.Array(block, "citations", w);
                    }

                    break;
                case "thinking":
                    JsonAssert.String(block, "thinking", w);
                    JsonAssert.String(block, "signature", w);
                    break;
                case "redacted_thinking":
                    JsonAssert.String(block, "data", w);
                    break;
                default:
                    if (MessagesRules.ToolLikeBlocks.Contains(type))
                    {
                        if (!toolIds.Add(JsonAssert.NonEmptyString(block, "id", w)))
                        {
                            throw JsonAssert.Violation(w, $"tool id '{block["id"]}' is used by an earlier block");
                        }

                        JsonAssert.NonEmptyString(block, "name", w);
                        JsonAssert.Object(block, "input", w);
                    }

                    break;
            }
        }

        var reason = JsonAssert.String(body, "stop_reason", Where);
        if (!MessagesRules.StopReasons.Contains(reason))
        {
            throw JsonAssert.Violation(Where, $"undocumented stop_reason '{reason}'");
        }

        JsonAssert.NullableString(body, "stop_sequence", Where);
        var usage = JsonAssert.Object(body, "usage", Where);
        JsonAssert.NonNegativeInteger(usage, "input_tokens", Where + " usage");
        JsonAssert.NonNegativeInteger(usage, "output_tokens", Where + " usage");
        return body;
    }
}
