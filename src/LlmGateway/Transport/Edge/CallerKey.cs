using System.Collections.Frozen;
using LlmGateway.Configuration;

namespace LlmGateway.Transport.Edge;

/// <summary>Who is calling: the master key, or a named API key with its allowed model groups and limits.</summary>
internal sealed class CallerKey
{
    private readonly FrozenSet<string>? _allowedGroups;

    private CallerKey(string name, bool isMaster, IEnumerable<string>? allowedGroups, int? requestsPerMinute, int? tokensPerMinute)
    {
        Name = name;
        IsMaster = isMaster;
        _allowedGroups = allowedGroups?.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        RequestsPerMinute = requestsPerMinute;
        TokensPerMinute = tokensPerMinute;
    }

    public static CallerKey Master { get; } = new(CallerKeyNames.Master, isMaster: true, allowedGroups: null, requestsPerMinute: null, tokensPerMinute: null);

    /// <summary>The key's configured name (<c>master</c> for the master key); safe to log and show.</summary>
    public string Name { get; }

    public bool IsMaster { get; }

    public int? RequestsPerMinute { get; }

    public int? TokensPerMinute { get; }

    public static CallerKey FromOptions(ApiKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var groups = options.Models.Count == 0 ? null : options.Models;
        return new CallerKey(options.Name!, isMaster: false, groups, options.RequestsPerMinute, options.TokensPerMinute);
    }

    /// <summary>Group names match case-insensitively, as the configuration keys they are.</summary>
    public bool MayUse(string groupName) => _allowedGroups is null || _allowedGroups.Contains(groupName);
}
