using System.Text;
using System.Text.Json.Nodes;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>Computes what a client ends up with from a Messages stream or body (as the SDK accumulators do).</summary>
public static class MessagesAccumulator
{
    /// <summary>Accumulates validated stream frames. Blocks cut short by an error keep what they received.</summary>
    public static AccumulatedResult FromStream(IEnumerable<SseOutputFrame> frames)
    {
        var result = new AccumulatedResult();
        var blocks = new List<(JsonObject Start, StringBuilder Content, JsonArray Citations, string? Signature)>();
        foreach (var frame in frames)
        {
            var data = frame.Data;
            switch (frame.Event)
            {
                case "message_start":
                    result.Usage = (JsonObject)data["message"]!["usage"]!.DeepClone();
                    result.InputTokens = JsonAssert.TryInteger(result.Usage["input_tokens"]);
                    break;
                case "content_block_start":
                    blocks.Add(((JsonObject)data["content_block"]!.DeepClone(), new StringBuilder(), [], null));
                    break;
                case "content_block_delta":
                    var delta = (JsonObject)data["delta"]!;
                    var last = blocks[^1];
                    switch (JsonAssert.TryString(delta["type"]))
                    {
                        case "text_delta":
                            last.Content.Append(JsonAssert.TryString(delta["text"]));
                            break;
                        case "thinking_delta":
                            last.Content.Append(JsonAssert.TryString(delta["thinking"]));
                            break;
                        case "input_json_delta":
                            last.Content.Append(JsonAssert.TryString(delta["partial_json"]));
                            break;
                        case "signature_delta":
                            blocks[^1] = last with { Signature = JsonAssert.TryString(delta["signature"]) };
                            break;
                        case "citations_delta":
                            last.Citations.Add(delta["citation"]!.DeepClone());
                            break;
                    }

                    break;
                case "message_delta":
                    result.Stop = JsonAssert.TryString(data["delta"]?["stop_reason"]);
                    result.StopDetails = data["delta"]?["stop_details"]?.DeepClone();
                    if (data["usage"] is JsonObject usage)
                    {
                        result.Usage ??= [];
                        foreach (var (key, value) in usage)
                        {
                            result.Usage[key] = value?.DeepClone();
                        }

                        result.OutputTokens = JsonAssert.TryInteger(usage["output_tokens"]);
                        result.InputTokens = JsonAssert.TryInteger(result.Usage["input_tokens"]);
                    }

                    break;
                case "error":
                    result.Error = true;
                    result.Stop = null;
                    break;
            }
        }

        foreach (var (start, content, citations, signature) in blocks)
        {
            var block = start;
            var type = JsonAssert.TryString(block["type"]) ?? string.Empty;
            switch (type)
            {
                case "text":
                    block["text"] = content.ToString();
                    if (citations.Count > 0 || block.ContainsKey("citations"))
                    {
                        block["citations"] = citations;
                    }

                    break;
                case "thinking":
                    block["thinking"] = content.ToString();
                    block["signature"] = signature ?? JsonAssert.TryString(block["signature"]) ?? string.Empty;
                    break;
                default:
                    if (MessagesRules.ToolLikeBlocks.Contains(type))
                    {
                        var json = content.ToString();
                        block["input"] = json.Length == 0 ? new JsonObject() : (JsonNode?)JsonAssert.TryParseObject(json) ?? JsonValue.Create(json);
                    }

                    break;
            }

            AddBlock(result, block);
        }

        return result;
    }

    /// <summary>Accumulates a validated body: a Message object or an error body.</summary>
    public static AccumulatedResult FromBody(JsonObject body)
    {
        var result = new AccumulatedResult();
        if (JsonAssert.TryString(body["type"]) == "error")
        {
            result.Error = true;
            return result;
        }

        foreach (var block in (JsonArray)body["content"]!)
        {
            AddBlock(result, (JsonObject)block!.DeepClone());
        }

        result.Stop = JsonAssert.TryString(body["stop_reason"]);
        result.StopDetails = body["stop_details"]?.DeepClone();
        result.Usage = (JsonObject?)body["usage"]?.DeepClone();
        result.InputTokens = JsonAssert.TryInteger(result.Usage?["input_tokens"]);
        result.OutputTokens = JsonAssert.TryInteger(result.Usage?["output_tokens"]);
        return result;
    }

    private static void AddBlock(AccumulatedResult result, JsonObject block)
    {
        var type = JsonAssert.TryString(block["type"]) ?? string.Empty;
        result.Blocks.Add(type);
        result.FinalBlocks.Add(block);
        switch (type)
        {
            case "text":
                result.Text += JsonAssert.TryString(block["text"]);
                result.Citations += (block["citations"] as JsonArray)?.Count ?? 0;
                break;
            case "thinking":
                result.Thinking += JsonAssert.TryString(block["thinking"]);
                break;
            case "tool_use":
                result.Tools.Add(new ToolCallResult(JsonAssert.TryString(block["name"]) ?? string.Empty, block["input"] as JsonObject ?? []));
                break;
        }
    }
}
