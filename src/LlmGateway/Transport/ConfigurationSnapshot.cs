using LlmGateway.Configuration;
using LlmGateway.Routing;
using LlmGateway.Transport.Edge;

namespace LlmGateway.Transport;

/// <summary>
/// One generation of the running configuration: validated options and everything built from them. Immutable; a request
/// takes the current one when it arrives and keeps it to the end, so a reload never changes a request midway.
/// </summary>
internal sealed class ConfigurationSnapshot
{
    /// <param name="options">Validated options (the start-up validators passed); the snapshot owns them from now on.</param>
    /// <param name="generation">1 at start, one more on each applied reload; part of the generated proxy ids.</param>
    /// <exception cref="InvalidOperationException">An API key's <c>env:</c> variable is not set.</exception>
    public ConfigurationSnapshot(GatewayOptions options, int generation)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Generation = generation;
        Catalog = ModelGroupCatalog.Create(options);
        Keys = new ApiKeyStore(options);
    }

    public int Generation { get; }

    public GatewayOptions Options { get; }

    public ModelGroupCatalog Catalog { get; }

    /// <summary>The master key and API keys, with <c>env:</c> references resolved when the snapshot was built.</summary>
    public ApiKeyStore Keys { get; }
}
