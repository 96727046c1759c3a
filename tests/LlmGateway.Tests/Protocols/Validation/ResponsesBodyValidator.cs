using System.Text.Json.Nodes;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>
/// Asserts a non-streaming Responses body (wire-protocols.md 2.2, 2.5): either the terminal Response object — id,
/// <c>object</c>, integer <c>created_at</c>, a terminal <c>status</c>, the requested <c>model</c>, output items with
/// unique non-empty ids and well-formed content, integer <c>usage</c> — or the error body
/// <c>{"error":{"message","type","param","code"}}</c>.
/// </summary>
public static class ResponsesBodyValidator
{
    public static JsonObject Validate(ReadOnlySpan<byte> output, string? requestedModel)
    {
        var body = BodyReader.ReadObject(output);
        const string Where = "Responses body";
        if (!body.ContainsKey("object") && body["error"] is JsonObject error)
        {
            JsonAssert.String(error, "message", Where + " error");
            JsonAssert.NonEmptyString(error, "type", Where + " error");
            JsonAssert.NullableString(error, "param", Where + " error");
            JsonAssert.NullableString(error, "code", Where + " error");
            return body;
        }

        JsonAssert.NonEmptyString(body, "id", Where);
        JsonAssert.Equal(body, "object", "response", Where);
        JsonAssert.NonNegativeInteger(body, "created_at", Where);
        var status = JsonAssert.String(body, "status", Where);
        if (status is not ("completed" or "incomplete" or "failed"))
        {
            throw JsonAssert.Violation(Where, $"status '{status}' is not terminal");
        }

        var model = JsonAssert.NonEmptyString(body, "model", Where);
        if (requestedModel is not null && model != requestedModel)
        {
            throw JsonAssert.Violation(Where, $"model '{model}' is not the requested model '{requestedModel}'");
        }

        JsonAssert.Boolean(body, "parallel_tool_calls", Where);
        JsonAssert.Array(body, "tools", Where);
        JsonAssert.Object(body, "metadata", Where);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var callIds = new HashSet<string>(StringComparer.Ordinal);
        var items = JsonAssert.Array(body, "output", Where);
        for (var i = 0; i < items.Count; i++)
        {
            var w = $"{Where} output[{i}]";
            var item = items[i] as JsonObject ?? throw JsonAssert.Violation(w, "not an object");
            var id = JsonAssert.NonEmptyString(item, "id", w);
            if (!ids.Add(id))
            {
                throw JsonAssert.Violation(w, $"item id '{id}' is used twice");
            }

            ValidateFinalItem(item, w);
            if (JsonAssert.TryString(item["type"]) == "function_call" && !callIds.Add(JsonAssert.String(item, "call_id", w)))
            {
                throw JsonAssert.Violation(w, $"call_id '{item["call_id"]}' is used by an earlier function call");
            }
        }

        ValidateUsage(body, Where);
        if (status == "completed")
        {
            JsonAssert.Null(body, "error", Where);
        }
        else if (status == "incomplete")
        {
            JsonAssert.NonEmptyString(JsonAssert.Object(body, "incomplete_details", Where), "reason", Where + " incomplete_details");
        }

        return body;
    }

    /// <summary>Terminal usage: all integers, <c>total_tokens</c> their sum (wire-protocols.md 2.2, rule 2.4.8).</summary>
    public static void ValidateUsage(JsonObject response, string where)
    {
        var usage = JsonAssert.Object(response, "usage", where);
        var w = where + " usage";
        var input = JsonAssert.NonNegativeInteger(usage, "input_tokens", w);
        var output = JsonAssert.NonNegativeInteger(usage, "output_tokens", w);
        var total = JsonAssert.NonNegativeInteger(usage, "total_tokens", w);
        if (total != input + output)
        {
            throw JsonAssert.Violation(w, $"total_tokens {total} is not input_tokens + output_tokens = {input + output}");
        }

        JsonAssert.NonNegativeInteger(JsonAssert.Object(usage, "input_tokens_details", w), "cached_tokens", w + " input_tokens_details");
        JsonAssert.NonNegativeInteger(JsonAssert.Object(usage, "output_tokens_details", w), "reasoning_tokens", w + " output_tokens_details");
    }

    private static void ValidateFinalItem(JsonObject item, string w)
    {
        switch (JsonAssert.NonEmptyString(item, "type", w))
        {
            case "message":
                JsonAssert.Equal(item, "role", "assistant", w);
                JsonAssert.NonEmptyString(item, "status", w);
                var content = JsonAssert.Array(item, "content", w);
                for (var i = 0; i < content.Count; i++)
                {
                    var pw = $"{w} content[{i}]";
                    var part = content[i] as JsonObject ?? throw JsonAssert.Violation(pw, "not an object");
                    var type = JsonAssert.String(part, "type", pw);
                    if (type == "output_text")
                    {
                        JsonAssert.String(part, "text", pw);
                        JsonAssert.Array(part, "annotations", pw);
                        JsonAssert.ArrayIfPresent(part, "logprobs", pw);
                    }
                    else if (type == "refusal")
                    {
                        JsonAssert.String(part, "refusal", pw);
                    }
                    else
                    {
                        throw JsonAssert.Violation(pw, $"part type '{type}' in a message");
                    }
                }

                break;
            case "function_call":
                JsonAssert.NonEmptyString(item, "call_id", w);
                JsonAssert.NonEmptyString(item, "name", w);
                var arguments = JsonAssert.String(item, "arguments", w);
                if (JsonAssert.TryParseObject(arguments) is null)
                {
                    throw JsonAssert.Violation(w, $"arguments '{arguments}' are not one JSON object");
                }

                break;
            case "reasoning":
                foreach (var s in JsonAssert.Array(item, "summary", w))
                {
                    var so = s as JsonObject ?? throw JsonAssert.Violation(w, "summary part is not an object");
                    JsonAssert.Equal(so, "type", "summary_text", w + " summary");
                    JsonAssert.String(so, "text", w + " summary");
                }

                break;
        }
    }
}
