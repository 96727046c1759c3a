using LlmGateway.Transport;

namespace LlmGateway.Hosting;

/// <summary>The outcome of reading the configuration for a reload: a snapshot to apply, or what is wrong with it.</summary>
internal sealed class ConfigurationLoad
{
    private ConfigurationLoad(ConfigurationSnapshot? snapshot, IReadOnlyList<string> problems)
    {
        Snapshot = snapshot;
        Problems = problems;
    }

    /// <summary>The validated configuration; null when it was refused.</summary>
    public ConfigurationSnapshot? Snapshot { get; }

    /// <summary>Why it was refused, one message per problem, each naming the key or file to fix.</summary>
    public IReadOnlyList<string> Problems { get; }

    public static ConfigurationLoad Loaded(ConfigurationSnapshot snapshot) => new(snapshot, []);

    public static ConfigurationLoad Refused(IEnumerable<string> problems) => new(null, [.. problems]);
}
