namespace LlmGateway.Configuration;

/// <summary>
/// Resolves a configured key that may point at an environment variable (<c>env:VAR_NAME</c>), so secrets can stay out
/// of configuration files. Read once at start by the validator and by the key store.
/// </summary>
internal static class KeyReference
{
    public const string EnvironmentPrefix = "env:";

    /// <returns>False when the key is empty, or names an environment variable that is unset or empty.</returns>
    public static bool TryResolve(string? configured, out string value)
    {
        value = string.Empty;
        if (string.IsNullOrEmpty(configured))
        {
            return false;
        }

        if (!configured.StartsWith(EnvironmentPrefix, StringComparison.Ordinal))
        {
            value = configured;
            return true;
        }

        var variable = configured[EnvironmentPrefix.Length..].Trim();
        var resolved = variable.Length == 0 ? null : Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(resolved))
        {
            return false;
        }

        value = resolved;
        return true;
    }
}
