using LlmGateway.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace LlmGateway.Hosting;

/// <summary>
/// Configuration sources of the gateway, lowest precedence first: the shipped <c>appsettings.json</c> (next to the
/// binaries, whatever the working directory), <c>appsettings.{Environment}.json</c>, the <c>--config PATH</c> file,
/// then environment variables and the command line as usual.
/// </summary>
internal static class GatewayConfigurationExtensions
{
    private const string ShippedFile = "appsettings.json";
    private const string ConfigArgument = "config";

    public static WebApplicationBuilder AddGatewayConfiguration(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var sources = builder.Configuration.Sources;

        var shipped = new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            Path = ShippedFile,
            Optional = true,
            ReloadOnChange = false,
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

        var overlayPath = builder.Configuration[ConfigArgument];
        if (!string.IsNullOrWhiteSpace(overlayPath))
        {
            var fullPath = Path.GetFullPath(overlayPath);
            if (!File.Exists(fullPath))
            {
                throw new GatewayConfigurationException($"--config: the file '{fullPath}' does not exist.");
            }

            var overlay = new JsonConfigurationSource
            {
                FileProvider = new PhysicalFileProvider(Path.GetDirectoryName(fullPath)!),
                Path = Path.GetFileName(fullPath),
                Optional = false,
                ReloadOnChange = false,
            };
            var lastJson = IndexOfLast(sources, source => source is JsonConfigurationSource);
            try
            {
                sources.Insert(lastJson + 1, overlay);
            }
            catch (InvalidDataException ex)
            {
                throw new GatewayConfigurationException($"--config: '{fullPath}' is not valid JSON: {ex.InnerException?.Message ?? ex.Message}", ex);
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
