namespace LlmGateway.Configuration;

/// <summary>The labels the request log uses for callers that are not a named API key.</summary>
internal static class CallerKeyNames
{
    public const string Master = "master";
    public const string Anonymous = "anonymous";

    public static bool IsReserved(string name) =>
        string.Equals(name, Master, StringComparison.OrdinalIgnoreCase) || string.Equals(name, Anonymous, StringComparison.OrdinalIgnoreCase);
}
