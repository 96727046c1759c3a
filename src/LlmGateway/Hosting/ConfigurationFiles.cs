using System.Collections.Concurrent;
using Microsoft.Extensions.FileProviders;

namespace LlmGateway.Hosting;

/// <summary>
/// The gateway's JSON configuration files: owns the file providers that watch them, and knows what is wrong with them
/// right now (a reload that could not parse a file, whose previous contents then stay in effect; a required file that
/// is gone). A configuration reload is refused while anything is wrong.
/// </summary>
internal sealed class ConfigurationFiles : IDisposable
{
    private readonly ConcurrentDictionary<string, string> _parseErrors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _required = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<PhysicalFileProvider> _providers = [];

    /// <summary>A provider for the files of <paramref name="directory"/>, disposed (with its file watcher) along with this object.</summary>
    public PhysicalFileProvider CreateFileProvider(string directory)
    {
        var provider = new PhysicalFileProvider(directory);
        _providers.Add(provider);
        return provider;
    }

    /// <summary>Marks <paramref name="path"/> as required: a reload while it is missing is refused rather than applied without it.</summary>
    public void Require(string path) => _required[path] = true;

    public void ReportParseError(string path, string message) => _parseErrors[path] = message;

    public void ReportLoaded(string path) => _parseErrors.TryRemove(path, out _);

    /// <summary>What is wrong with the files now, one message per file, naming the file; empty when nothing is.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var (path, message) in _parseErrors.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            // A file deleted since counts as absent (its provider has emptied), not as broken.
            if (File.Exists(path))
            {
                problems.Add($"'{path}' is not valid JSON: {message}");
            }
        }

        foreach (var path in _required.Keys.Order(StringComparer.Ordinal))
        {
            if (!File.Exists(path))
            {
                problems.Add($"'{path}' does not exist.");
            }
        }

        return problems;
    }

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }
    }
}
