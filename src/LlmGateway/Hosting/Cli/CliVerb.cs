namespace LlmGateway.Hosting.Cli;

/// <summary>What the executable does when its first argument is not a server option.</summary>
internal enum CliVerb
{
    /// <summary>Print the usage.</summary>
    Help,

    /// <summary>Validate the configuration and print the resolved routing table.</summary>
    Check,

    /// <summary>Probe every deployment with one tiny streaming request per API and report what the normalizer repaired.</summary>
    Doctor,
}
