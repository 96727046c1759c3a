using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>Strict accessors for validating JSON payloads; each failure names where it happened.</summary>
internal static class JsonAssert
{
    public static JsonObject Object(JsonObject parent, string name, string where) =>
        parent[name] as JsonObject ?? throw Violation(where, $"'{name}' must be an object, got {Describe(parent, name)}");

    public static JsonArray Array(JsonObject parent, string name, string where) =>
        parent[name] as JsonArray ?? throw Violation(where, $"'{name}' must be an array, got {Describe(parent, name)}");

    public static string String(JsonObject parent, string name, string where) =>
        TryString(parent[name]) ?? throw Violation(where, $"'{name}' must be a string, got {Describe(parent, name)}");

    public static string NonEmptyString(JsonObject parent, string name, string where)
    {
        var s = String(parent, name, where);
        return s.Length > 0 ? s : throw Violation(where, $"'{name}' must be a non-empty string");
    }

    public static string? NullableString(JsonObject parent, string name, string where)
    {
        if (!parent.ContainsKey(name))
        {
            throw Violation(where, $"'{name}' must be present (null or a string)");
        }

        var node = parent[name];
        return node is null ? null : TryString(node) ?? throw Violation(where, $"'{name}' must be null or a string, got {Describe(parent, name)}");
    }

    public static long Integer(JsonObject parent, string name, string where) =>
        TryInteger(parent[name]) ?? throw Violation(where, $"'{name}' must be an integer, got {Describe(parent, name)}");

    public static long NonNegativeInteger(JsonObject parent, string name, string where)
    {
        var value = Integer(parent, name, where);
        return value >= 0 ? value : throw Violation(where, $"'{name}' must not be negative, got {value}");
    }

    public static bool Boolean(JsonObject parent, string name, string where) =>
        parent[name] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? v.GetValue<bool>()
            : throw Violation(where, $"'{name}' must be a boolean, got {Describe(parent, name)}");

    public static void Null(JsonObject parent, string name, string where)
    {
        if (!parent.ContainsKey(name) || parent[name] is not null)
        {
            throw Violation(where, $"'{name}' must be null, got {Describe(parent, name)}");
        }
    }

    public static void Equal(JsonObject parent, string name, string expected, string where)
    {
        var actual = String(parent, name, where);
        if (actual != expected)
        {
            throw Violation(where, $"'{name}' must be \"{expected}\", got \"{actual}\"");
        }
    }

    public static void EmptyArray(JsonObject parent, string name, string where)
    {
        var array = Array(parent, name, where);
        if (array.Count != 0)
        {
            throw Violation(where, $"'{name}' must be an empty array, got {array.ToJsonString()}");
        }
    }

    public static void EmptyObject(JsonObject parent, string name, string where)
    {
        var obj = Object(parent, name, where);
        if (obj.Count != 0)
        {
            throw Violation(where, $"'{name}' must be an empty object, got {obj.ToJsonString()}");
        }
    }

    /// <summary>An array when present and not null; <c>logprobs</c> may be absent but never null (wire-protocols.md 2.4 rule 6).</summary>
    public static void ArrayIfPresent(JsonObject parent, string name, string where)
    {
        if (parent.ContainsKey(name) && parent[name] is not JsonArray)
        {
            throw Violation(where, $"'{name}' must be an array when present, got {Describe(parent, name)}");
        }
    }

    public static string? TryString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static long? TryInteger(JsonNode? node)
    {
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        // An integer literal only: 3.0 or 1e3 are floats on the wire (the .NET SDK throws on them).
        var raw = v.ToJsonString();
        return long.TryParse(raw, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l) ? l : null;
    }

    /// <summary>Parses a tool input: one JSON object, nothing after it.</summary>
    public static JsonObject? TryParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static ProtocolViolationException Violation(string where, string message) => new($"{where}: {message}");

    private static string Describe(JsonObject parent, string name) =>
        !parent.ContainsKey(name) ? "nothing (absent)" : parent[name] is null ? "null" : parent[name]!.ToJsonString();
}
