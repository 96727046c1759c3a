using System.Text.Json.Nodes;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>Computes what a client ends up with from a Responses stream or body.</summary>
public static class ResponsesAccumulator
{
    /// <summary>Accumulates validated stream frames: the terminal response (whose output equals the done items).</summary>
    public static AccumulatedResult FromStream(IEnumerable<SseOutputFrame> frames)
    {
        var result = new AccumulatedResult();
        foreach (var frame in frames)
        {
            if (frame.Event == "error")
            {
                result.Error = true;
            }
            else if (ResponsesRules.TerminalEvents.Contains(frame.Event))
            {
                FromResponse(result, (JsonObject)frame.Data["response"]!);
            }
        }

        return result;
    }

    /// <summary>Accumulates a validated body: a Response object or an error body.</summary>
    public static AccumulatedResult FromBody(JsonObject body)
    {
        var result = new AccumulatedResult();
        if (!body.ContainsKey("object") && body["error"] is JsonObject)
        {
            result.Error = true;
            return result;
        }

        FromResponse(result, body);
        return result;
    }

    private static void FromResponse(AccumulatedResult result, JsonObject response)
    {
        result.Stop = JsonAssert.TryString(response["status"]);
        if (result.Stop == "failed")
        {
            result.Error = true;
        }

        result.Usage = (JsonObject?)response["usage"]?.DeepClone();
        result.InputTokens = JsonAssert.TryInteger(result.Usage?["input_tokens"]);
        result.OutputTokens = JsonAssert.TryInteger(result.Usage?["output_tokens"]);
        foreach (var node in (JsonArray)response["output"]!)
        {
            var item = (JsonObject)node!;
            var type = JsonAssert.TryString(item["type"]) ?? string.Empty;
            result.Blocks.Add(type);
            result.FinalBlocks.Add((JsonObject)item.DeepClone());
            switch (type)
            {
                case "message":
                    foreach (var part in (JsonArray)item["content"]!)
                    {
                        if (JsonAssert.TryString(part!["type"]) == "output_text")
                        {
                            result.Text += JsonAssert.TryString(part["text"]);
                            result.Citations += (part["annotations"] as JsonArray)?.Count ?? 0;
                        }
                    }

                    break;
                case "reasoning":
                    foreach (var part in (item["summary"] as JsonArray) ?? [])
                    {
                        result.Thinking += JsonAssert.TryString(part!["text"]);
                    }

                    foreach (var part in (item["content"] as JsonArray) ?? [])
                    {
                        result.Thinking += JsonAssert.TryString(part!["text"]);
                    }

                    break;
                case "function_call":
                    var arguments = JsonAssert.TryString(item["arguments"]) ?? string.Empty;
                    result.Tools.Add(new ToolCallResult(JsonAssert.TryString(item["name"]) ?? string.Empty, JsonAssert.TryParseObject(arguments) ?? []));
                    break;
            }
        }
    }
}
