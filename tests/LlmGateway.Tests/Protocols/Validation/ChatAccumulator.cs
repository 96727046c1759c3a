using System.Text;
using System.Text.Json.Nodes;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>
/// Computes what a chat client ends up with from a Chat Completions stream or body: content, <c>reasoning_content</c>,
/// tool calls by index, <c>finish_reason</c> and usage (<c>InputTokens</c> is <c>prompt_tokens</c>, cached included).
/// Blocks are the kinds in streaming order (<c>reasoning</c>, <c>text</c>, <c>refusal</c>, <c>tool_call</c>).
/// </summary>
public static class ChatAccumulator
{
    public static AccumulatedResult FromStream(IEnumerable<JsonObject> chunks)
    {
        var result = new AccumulatedResult();
        var tools = new List<(string Name, StringBuilder Arguments)>();
        foreach (var chunk in chunks)
        {
            if (chunk["error"] is JsonObject)
            {
                result.Error = true;
                continue;
            }

            if (chunk["usage"] is JsonObject usage)
            {
                SetUsage(result, usage);
            }

            if (chunk["choices"] is not JsonArray { Count: > 0 } choices || choices[0] is not JsonObject choice)
            {
                continue;
            }

            if (choice["delta"] is JsonObject delta)
            {
                Append(result, "reasoning", JsonAssert.TryString(delta["reasoning_content"]), s => result.Thinking += s);
                Append(result, "text", JsonAssert.TryString(delta["content"]), s => result.Text += s);
                Append(result, "refusal", JsonAssert.TryString(delta["refusal"]), _ => { });
                foreach (var node in (delta["tool_calls"] as JsonArray) ?? [])
                {
                    var fragment = (JsonObject)node!;
                    var index = (int)(JsonAssert.TryInteger(fragment["index"]) ?? 0);
                    var function = fragment["function"] as JsonObject;
                    if (index == tools.Count)
                    {
                        tools.Add((JsonAssert.TryString(function?["name"]) ?? string.Empty, new StringBuilder()));
                        result.Blocks.Add("tool_call");
                    }

                    tools[index].Arguments.Append(JsonAssert.TryString(function?["arguments"]));
                }
            }

            result.Stop = JsonAssert.TryString(choice["finish_reason"]) ?? result.Stop;
        }

        foreach (var (name, arguments) in tools)
        {
            result.Tools.Add(new ToolCallResult(name, JsonAssert.TryParseObject(arguments.ToString()) ?? []));
        }

        if (result.Error)
        {
            result.Stop = null;
        }

        return result;
    }

    public static AccumulatedResult FromBody(JsonObject body)
    {
        var result = new AccumulatedResult();
        if (!body.ContainsKey("object") && body["error"] is JsonObject)
        {
            result.Error = true;
            return result;
        }

        var choice = (JsonObject)((JsonArray)body["choices"]!)[0]!;
        var message = (JsonObject)choice["message"]!;
        result.Thinking = JsonAssert.TryString(message["reasoning_content"]) ?? string.Empty;
        result.Text = JsonAssert.TryString(message["content"]) ?? string.Empty;
        foreach (var node in (message["tool_calls"] as JsonArray) ?? [])
        {
            var function = (JsonObject)node!["function"]!;
            result.Tools.Add(new ToolCallResult(JsonAssert.TryString(function["name"]) ?? string.Empty, JsonAssert.TryParseObject(JsonAssert.TryString(function["arguments"]) ?? string.Empty) ?? []));
        }

        result.Stop = JsonAssert.TryString(choice["finish_reason"]);
        if (body["usage"] is JsonObject usage)
        {
            SetUsage(result, usage);
        }

        return result;
    }

    private static void Append(AccumulatedResult result, string kind, string? value, Action<string> add)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (result.Blocks.Count == 0 || result.Blocks[^1] != kind)
        {
            result.Blocks.Add(kind);
        }

        add(value);
    }

    private static void SetUsage(AccumulatedResult result, JsonObject usage)
    {
        result.Usage = (JsonObject)usage.DeepClone();
        result.InputTokens = JsonAssert.TryInteger(usage["prompt_tokens"]);
        result.OutputTokens = JsonAssert.TryInteger(usage["completion_tokens"]);
    }
}
