namespace LlmGateway.Configuration;

/// <summary>Base URLs that name in-process upstreams instead of servers.</summary>
public static class BuiltinUpstreams
{
    public const string Echo = "builtin://echo";

    public static bool IsBuiltin(string? baseUrl) => string.Equals(baseUrl?.TrimEnd('/'), Echo, StringComparison.OrdinalIgnoreCase);
}
