using Microsoft.Extensions.Configuration.Json;

namespace LlmGateway.Hosting;

/// <summary>A watched JSON configuration file whose last good contents stay in effect when a reload cannot parse it.</summary>
internal sealed class LastGoodJsonConfigurationSource : JsonConfigurationSource
{
    public required ConfigurationFiles Files { get; init; }

    /// <summary>The same file as <paramref name="source"/>, watched, keeping its last good contents.</summary>
    public static LastGoodJsonConfigurationSource From(JsonConfigurationSource source, ConfigurationFiles files)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new LastGoodJsonConfigurationSource
        {
            FileProvider = source.FileProvider,
            Path = source.Path ?? string.Empty,
            Optional = source.Optional,
            ReloadOnChange = true,
            ReloadDelay = source.ReloadDelay,
            OnLoadException = source.OnLoadException,
            Files = files,
        };
    }

    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new LastGoodJsonConfigurationProvider(this);
    }
}
