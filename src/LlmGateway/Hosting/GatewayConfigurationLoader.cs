using System.Security.Cryptography;
using System.Text;
using LlmGateway.Configuration;
using LlmGateway.Transport;
using Microsoft.Extensions.Options;

namespace LlmGateway.Hosting;

/// <summary>
/// Reads the <c>Gateway</c> section as it is now into a <see cref="ConfigurationSnapshot"/>, with every check the start
/// makes: the JSON files parse, all registered <see cref="IValidateOptions{TOptions}"/> pass (the same messages as at
/// start), and every API key resolves.
/// </summary>
internal sealed class GatewayConfigurationLoader
{
    /// <summary>Settings read once by the host at start (the listen addresses); Kestrel's own endpoint section reloads itself.</summary>
    private static readonly string[] RestartOnlyKeys = [ListenAddresses.UrlsKey, "http_ports", "https_ports"];

    private readonly IOptionsFactory<GatewayOptions> _factory;
    private readonly IConfiguration _configuration;
    private readonly ConfigurationFiles _files;
    private readonly Dictionary<string, string?> _restartOnlyValues;

    public GatewayConfigurationLoader(IOptionsFactory<GatewayOptions> factory, IConfiguration configuration, ConfigurationFiles files)
    {
        _factory = factory;
        _configuration = configuration;
        _files = files;
        _restartOnlyValues = RestartOnlyKeys.ToDictionary(key => key, key => configuration[key], StringComparer.OrdinalIgnoreCase);
    }

    /// <param name="generation">The generation the snapshot gets.</param>
    public ConfigurationLoad Load(int generation)
    {
        var problems = _files.Problems();
        if (problems.Count > 0)
        {
            return ConfigurationLoad.Refused(problems);
        }

        try
        {
            return ConfigurationLoad.Loaded(new ConfigurationSnapshot(_factory.Create(Options.DefaultName), generation));
        }
        catch (OptionsValidationException ex)
        {
            return ConfigurationLoad.Refused(ex.Failures);
        }
        catch (InvalidOperationException ex)
        {
            // The binder could not convert a value (e.g. text for a number), or a key's env: variable went missing.
            return ConfigurationLoad.Refused([ex.Message]);
        }
    }

    /// <summary>
    /// A digest of the <c>Gateway</c> section's keys and values as they are now: equal digests mean a change
    /// notification changed nothing the gateway uses (another section, or a save without changes).
    /// </summary>
    public string Fingerprint()
    {
        var text = new StringBuilder();
        foreach (var (key, value) in _configuration.GetSection(GatewayOptions.SectionName).AsEnumerable()
            .Where(pair => pair.Value is not null)
            .OrderBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase))
        {
            text.Append(key.ToUpperInvariant()).Append('=').Append(value).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// Settings that changed since start but only apply after a restart, as "key: 'old' → 'new'"; each change is reported
    /// once.
    /// </summary>
    public IReadOnlyList<string> RestartOnlyChanges()
    {
        var changes = new List<string>();
        foreach (var key in RestartOnlyKeys)
        {
            var value = _configuration[key];
            if (!string.Equals(value, _restartOnlyValues[key], StringComparison.Ordinal))
            {
                changes.Add($"{key}: '{_restartOnlyValues[key]}' -> '{value}'");
                _restartOnlyValues[key] = value;
            }
        }

        return changes;
    }
}
