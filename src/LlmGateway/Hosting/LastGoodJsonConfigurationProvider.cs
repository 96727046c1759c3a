using System.Text.Json;
using Microsoft.Extensions.Configuration.Json;

namespace LlmGateway.Hosting;

/// <summary>
/// A JSON file provider that keeps the file's last good contents when a reload cannot parse it, and reports the error
/// to <see cref="ConfigurationFiles"/> instead of throwing. The stock provider empties its data on such a reload (and
/// throws from the file watcher), which would let the next reload apply a configuration without the file. The first
/// load still throws, so a broken file stops the start as before.
/// </summary>
internal sealed class LastGoodJsonConfigurationProvider(LastGoodJsonConfigurationSource source) : JsonConfigurationProvider(source)
{
    private bool _loaded;

    public override void Load(Stream stream)
    {
        try
        {
            // On failure the base class has not assigned Data, so it still holds the previous contents.
            base.Load(stream);
        }
        catch (Exception ex) when (_loaded && ex is FormatException or JsonException)
        {
            // The base class raises the reload notification next; the reloader finds this error and refuses the reload.
            source.Files.ReportParseError(FilePath, ex.GetBaseException().Message);
            return;
        }

        _loaded = true;
        source.Files.ReportLoaded(FilePath);
    }

    private string FilePath => Source.FileProvider?.GetFileInfo(Source.Path ?? string.Empty).PhysicalPath ?? Source.Path ?? string.Empty;
}
