using LlmGateway.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace LlmGateway.Hosting;

/// <summary>
/// Configuration sources of the gateway, lowest precedence first: the shipped <c>appsettings.json</c> (next to the
/// binaries, whatever the working directory), <c>appsettings.{Environment}.json</c>, the <c>--config PATH</c> file,
/// then environment variables and the command line as usual. The JSON files are watched; an edit reloads the
/// configuration (see <see cref="ConfigurationReloader"/>), and a file that does not parse keeps its last good contents.
/// </summary>
internal static class GatewayConfigurationExtensions
{
    private const string ShippedFile = "appsettings.json";
    private const string ConfigArgument = "config";

    public static WebApplicationBuilder AddGatewayConfiguration(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var sources = builder.Configuration.Sources;

        // Registered with a factory so that the container disposes it (and the file watchers) with the host.
        var files = new ConfigurationFiles();
        builder.Services.AddSingleton(_ => files);

        var shipped = new LastGoodJsonConfigurationSource
        {
            FileProvider = files.CreateFileProvider(AppContext.BaseDirectory),
            Path = ShippedFile,
            Optional = true,
            ReloadOnChange = true,
            Files = files,
        };
        var shippedIndex = IndexOfLast(sources, source => source is JsonConfigurationSource { Path: ShippedFile });
        if (shippedIndex >= 0)
        {
            sources[shippedIndex] = shipped;
        }
        else
        {
            sources.Insert(0, shipped);
        }

        // appsettings.{Environment}.json and any other JSON file reload the same way.
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource json and not LastGoodJsonConfigurationSource)
            {
                sources[i] = LastGoodJsonConfigurationSource.From(json, files);
            }
        }

        var overlayPath = builder.Configuration[ConfigArgument];
        if (!string.IsNullOrWhiteSpace(overlayPath))
        {
            var fullPath = Path.GetFullPath(overlayPath);
            if (!File.Exists(fullPath))
            {
                throw new GatewayConfigurationException($"--config: the file '{fullPath}' does not exist.");
            }

            var overlay = new LastGoodJsonConfigurationSource
            {
                FileProvider = files.CreateFileProvider(Path.GetDirectoryName(fullPath)!),
                Path = Path.GetFileName(fullPath),
                Optional = false,
                ReloadOnChange = true,
                Files = files,
            };
            files.Require(fullPath);
            var lastJson = IndexOfLast(sources, source => source is JsonConfigurationSource);
            try
            {
                sources.Insert(lastJson + 1, overlay);
            }
            catch (InvalidDataException ex)
            {
                throw new GatewayConfigurationException($"--config: '{fullPath}' is not valid JSON: {ex.GetBaseException().Message}", ex);
            }
        }

        if (!ListenAddresses.AreConfigured(builder.Configuration))
        {
            builder.WebHost.UseUrls(ListenAddresses.DefaultUrl);
        }

        return builder;
    }

    private static int IndexOfLast(IList<IConfigurationSource> sources, Func<IConfigurationSource, bool> predicate)
    {
        for (var i = sources.Count - 1; i >= 0; i--)
        {
            if (predicate(sources[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
