using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Protocols;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>
/// A fixture's <c>NAME.expected.json</c>: <c>text</c>, <c>thinking</c>, <c>tools</c> (name and parsed input), <c>stop</c>,
/// <c>input_tokens</c>, <c>output_tokens</c>, <c>error</c>; optionally <c>citations</c> (count), <c>blocks</c> (types
/// in order), <c>usage</c> (a subset the final usage must contain), <c>stop_details</c> and <c>repairs</c> (the
/// <c>RepairKind</c>s the normalizer's report must count; <c>[]</c> for none). A null or absent key is
/// not checked. When the result is an error and the client did not stream, the client gets an error body only, so
/// only <c>error</c> is compared.
/// <para>
/// Any key may instead hold an object keyed by client API (<c>messages</c>, <c>responses</c>, <c>chat</c>), e.g.
/// <c>"stop": {"messages": "tool_use", "responses": "completed", "chat": "tool_calls"}</c>; a client without a key is
/// not checked. A plain value of an API-specific key (<c>stop</c>, <c>input_tokens</c>, <c>blocks</c>, <c>usage</c>,
/// <c>citations</c>, <c>stop_details</c>) applies to a client of the fixture's own API; a plain <c>stop</c> of a
/// Messages or Responses fixture is also translated for a chat client (<c>end_turn</c> → <c>stop</c>, any tool call →
/// <c>tool_calls</c>, …). Plain <c>text</c>, <c>thinking</c>, <c>tools</c>, <c>output_tokens</c>, <c>error</c> and
/// <c>repairs</c> apply to every client.
/// </para>
/// </summary>
public sealed class ExpectedResult
{
    private readonly JsonObject _json;

    private ExpectedResult(JsonObject json) => _json = json;

    public bool Error => _json["error"]?.GetValue<bool>() ?? false;

    /// <summary>RepairKind names the report must count (each at least once); empty = no repair at all; null = not checked.</summary>
    public IReadOnlyList<string>? Repairs => RepairsFor(null);

    /// <summary><see cref="Repairs"/> for one client API (per-client values allowed).</summary>
    public IReadOnlyList<string>? RepairsFor(WireApi? client) =>
        ((client is { } c ? Select("repairs", c, c, sameApiOnly: false) : _json["repairs"]) as JsonArray)?.Select(r => r!.GetValue<string>()).ToList();

    public static ExpectedResult Load(string path) =>
        new(JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidOperationException($"{path} is not a JSON object."));

    /// <summary>Compares and returns every mismatch; empty when the result matches.</summary>
    public List<string> Compare(AccumulatedResult actual, bool clientStreams) => Compare(actual, clientStreams, WireApi.Messages, WireApi.Messages);

    /// <summary>Compares the result a <paramref name="client"/> client got from a <paramref name="source"/> upstream fixture.</summary>
    public List<string> Compare(AccumulatedResult actual, bool clientStreams, WireApi client, WireApi source)
    {
        var problems = new List<string>();
        if (Error != actual.Error)
        {
            problems.Add($"error: expected {Error}, got {actual.Error}");
        }

        if (Error && !clientStreams)
        {
            return problems;
        }

        CompareString(Select("text", client, source, sameApiOnly: false), "text", actual.Text, problems);
        CompareString(Select("thinking", client, source, sameApiOnly: false), "thinking", actual.Thinking, problems);
        CompareString(SelectStop(client, source, actual), "stop", actual.Stop, problems);
        CompareLong(Select("input_tokens", client, source, sameApiOnly: true), "input_tokens", actual.InputTokens, problems);
        CompareLong(Select("output_tokens", client, source, sameApiOnly: false), "output_tokens", actual.OutputTokens, problems);
        if (Select("tools", client, source, sameApiOnly: false) is JsonArray tools)
        {
            var expected = new JsonArray(tools.Select(t => t?.DeepClone()).ToArray());
            var got = new JsonArray(actual.Tools.Select(t => (JsonNode)new JsonObject { ["name"] = t.Name, ["input"] = t.Input.DeepClone() }).ToArray());
            if (!JsonNode.DeepEquals(expected, got))
            {
                problems.Add($"tools: expected {expected.ToJsonString()}, got {got.ToJsonString()}");
            }
        }

        if (Select("citations", client, source, sameApiOnly: true) is JsonValue citations && citations.GetValue<int>() != actual.Citations)
        {
            problems.Add($"citations: expected {citations.GetValue<int>()}, got {actual.Citations}");
        }

        if (Select("blocks", client, source, sameApiOnly: true) is JsonArray blocks)
        {
            var expected = blocks.Select(b => b!.GetValue<string>()).ToList();
            if (!expected.SequenceEqual(actual.Blocks))
            {
                problems.Add($"blocks: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual.Blocks)}]");
            }
        }

        if (Select("usage", client, source, sameApiOnly: true) is JsonObject usage)
        {
            foreach (var (key, value) in usage)
            {
                var got = actual.Usage?[key];
                if (!JsonNode.DeepEquals(value, got))
                {
                    problems.Add($"usage.{key}: expected {value?.ToJsonString() ?? "null"}, got {got?.ToJsonString() ?? "absent/null"}");
                }
            }
        }

        if (Select("stop_details", client, source, sameApiOnly: true) is { } stopDetails && !JsonNode.DeepEquals(stopDetails, actual.StopDetails))
        {
            problems.Add($"stop_details: expected {stopDetails.ToJsonString()}, got {actual.StopDetails?.ToJsonString() ?? "absent/null"}");
        }

        return problems;
    }

    /// <summary>Asserts the result matches, listing every mismatch.</summary>
    public void AssertMatches(AccumulatedResult actual, bool clientStreams, string context) =>
        AssertMatches(actual, clientStreams, WireApi.Messages, WireApi.Messages, context);

    /// <summary>Asserts the result a <paramref name="client"/> client got from a <paramref name="source"/> fixture matches.</summary>
    public void AssertMatches(AccumulatedResult actual, bool clientStreams, WireApi client, WireApi source, string context)
    {
        var problems = Compare(actual, clientStreams, client, source);
        if (problems.Count > 0)
        {
            var message = new StringBuilder($"{context}: the accumulated result differs from the expected file:");
            foreach (var p in problems)
            {
                message.Append("\n  - ").Append(p);
            }

            throw new ProtocolViolationException(message.ToString());
        }
    }

    private static string ClientKey(WireApi api) => api switch
    {
        WireApi.Messages => "messages",
        WireApi.Responses => "responses",
        _ => "chat",
    };

    private static bool IsPerClient(JsonNode? node) =>
        node is JsonObject { Count: > 0 } o && o.All(p => p.Key is "messages" or "responses" or "chat");

    /// <summary>The expected value of <paramref name="key"/> for this client, or null when it is not checked.</summary>
    private JsonNode? Select(string key, WireApi client, WireApi source, bool sameApiOnly)
    {
        var node = _json[key];
        if (IsPerClient(node))
        {
            return node![ClientKey(client)];
        }

        return sameApiOnly && client != source ? null : node;
    }

    /// <summary>A plain stop applies to its own API, and translates for a chat client; per-client objects as usual.</summary>
    private JsonNode? SelectStop(WireApi client, WireApi source, AccumulatedResult actual)
    {
        var node = Select("stop", client, source, sameApiOnly: true);
        if (node is not null || IsPerClient(_json["stop"]) || client != WireApi.ChatCompletions || _json["stop"] is not JsonValue plain)
        {
            return node;
        }

        var toolCount = (_json["tools"] as JsonArray)?.Count ?? actual.Tools.Count;
        if (toolCount > 0)
        {
            return "tool_calls";
        }

        return plain.GetValue<string>() switch
        {
            "end_turn" or "stop_sequence" or "pause_turn" or "completed" => "stop",
            "max_tokens" or "model_context_window_exceeded" => "length",
            "refusal" => "content_filter",
            _ => null, // incomplete: the reason is not in the expected file
        };
    }

    private static void CompareString(JsonNode? node, string key, string? actual, List<string> problems)
    {
        if (node is JsonValue v && v.GetValue<string>() is var expected && expected != actual)
        {
            problems.Add($"{key}: expected {Quote(expected)}, got {Quote(actual)}");
        }
    }

    private static void CompareLong(JsonNode? node, string key, long? actual, List<string> problems)
    {
        if (node is JsonValue v && v.GetValue<long>() is var expected && expected != actual)
        {
            problems.Add($"{key}: expected {expected}, got {actual?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}");
        }
    }

    private static string Quote(string? s) => s is null ? "null" : JsonValue.Create(s).ToJsonString();
}
