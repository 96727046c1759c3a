namespace LlmGateway.Hosting.Cli;

/// <summary>One line naming the configuration files the command-line verbs read.</summary>
internal static class ConfigurationSources
{
    public static string Describe(string? overlayPath) => overlayPath is null
        ? "the shipped appsettings.json only (no --config given), then environment variables and --Key=value arguments"
        : $"the shipped appsettings.json, then {overlayPath}, then environment variables and --Key=value arguments";
}
