using System.Text;
using System.Text.Json.Nodes;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>
/// A fixture's <c>NAME.expected.json</c>: <c>text</c>, <c>thinking</c>, <c>tools</c> (name and parsed input), <c>stop</c>,
/// <c>input_tokens</c>, <c>output_tokens</c>, <c>error</c>; optionally <c>citations</c> (count), <c>blocks</c> (types
/// in order), <c>usage</c> (a subset the final usage must contain), <c>stop_details</c> and <c>repairs</c> (the
/// <c>RepairKind</c>s the normalizer's report must count; <c>[]</c> for none). A null or absent key is
/// not checked. When the result is an error and the client did not stream, the client gets an error body only, so
/// only <c>error</c> is compared.
/// </summary>
public sealed class ExpectedResult
{
    private readonly JsonObject _json;

    private ExpectedResult(JsonObject json) => _json = json;

    public bool Error => _json["error"]?.GetValue<bool>() ?? false;

    /// <summary>RepairKind names the report must count (each at least once); empty = no repair at all; null = not checked.</summary>
    public IReadOnlyList<string>? Repairs => (_json["repairs"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToList();

    public static ExpectedResult Load(string path) =>
        new(JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidOperationException($"{path} is not a JSON object."));

    /// <summary>Compares and returns every mismatch; empty when the result matches.</summary>
    public List<string> Compare(AccumulatedResult actual, bool clientStreams)
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

        CompareString("text", actual.Text, problems);
        CompareString("thinking", actual.Thinking, problems);
        CompareString("stop", actual.Stop, problems);
        CompareLong("input_tokens", actual.InputTokens, problems);
        CompareLong("output_tokens", actual.OutputTokens, problems);
        if (_json["tools"] is JsonArray tools)
        {
            var expected = new JsonArray(tools.Select(t => t?.DeepClone()).ToArray());
            var got = new JsonArray(actual.Tools.Select(t => (JsonNode)new JsonObject { ["name"] = t.Name, ["input"] = t.Input.DeepClone() }).ToArray());
            if (!JsonNode.DeepEquals(expected, got))
            {
                problems.Add($"tools: expected {expected.ToJsonString()}, got {got.ToJsonString()}");
            }
        }

        if (_json["citations"] is JsonValue citations && citations.GetValue<int>() != actual.Citations)
        {
            problems.Add($"citations: expected {citations.GetValue<int>()}, got {actual.Citations}");
        }

        if (_json["blocks"] is JsonArray blocks)
        {
            var expected = blocks.Select(b => b!.GetValue<string>()).ToList();
            if (!expected.SequenceEqual(actual.Blocks))
            {
                problems.Add($"blocks: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual.Blocks)}]");
            }
        }

        if (_json["usage"] is JsonObject usage)
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

        if (_json["stop_details"] is { } stopDetails && !JsonNode.DeepEquals(stopDetails, actual.StopDetails))
        {
            problems.Add($"stop_details: expected {stopDetails.ToJsonString()}, got {actual.StopDetails?.ToJsonString() ?? "absent/null"}");
        }

        return problems;
    }

    /// <summary>Asserts the result matches, listing every mismatch.</summary>
    public void AssertMatches(AccumulatedResult actual, bool clientStreams, string context)
    {
        var problems = Compare(actual, clientStreams);
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

    private void CompareString(string key, string? actual, List<string> problems)
    {
        if (_json[key] is JsonValue v && v.GetValue<string>() is var expected && expected != actual)
        {
            problems.Add($"{key}: expected {Quote(expected)}, got {Quote(actual)}");
        }
    }

    private void CompareLong(string key, long? actual, List<string> problems)
    {
        if (_json[key] is JsonValue v && v.GetValue<long>() is var expected && expected != actual)
        {
            problems.Add($"{key}: expected {expected}, got {actual?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}");
        }
    }

    private static string Quote(string? s) => s is null ? "null" : JsonValue.Create(s).ToJsonString();
}
