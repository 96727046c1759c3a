using LlmGateway.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace LlmGateway.Transport;

/// <summary>
/// Holds the configuration the gateway runs with: the start-up snapshot, then each reload that passed validation.
/// Swapping is atomic; requests that already took a snapshot keep theirs.
/// </summary>
internal sealed class RunningConfiguration
{
    private Generation _current;

    public RunningConfiguration(IOptions<GatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _current = new Generation(new ConfigurationSnapshot(options.Value, 1));
    }

    public ConfigurationSnapshot Current => Volatile.Read(ref _current).Snapshot;

    /// <summary>
    /// A token that fires when <see cref="Current"/> is replaced. Take it before reading <see cref="Current"/> (as
    /// <see cref="ChangeToken.OnChange(Func{IChangeToken}, Action)"/> does), so that no replacement goes unnoticed.
    /// </summary>
    public IChangeToken GetChangeToken() => Volatile.Read(ref _current).ChangeToken;

    /// <summary>Makes <paramref name="next"/> the configuration of every request from now on.</summary>
    public void Publish(ConfigurationSnapshot next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var previous = Interlocked.Exchange(ref _current, new Generation(next));
        previous.Supersede();
    }

    /// <summary>A snapshot and the token that fires when it is replaced.</summary>
    private sealed class Generation(ConfigurationSnapshot snapshot)
    {
        private readonly ConfigurationReloadToken _superseded = new();

        public ConfigurationSnapshot Snapshot { get; } = snapshot;

        public IChangeToken ChangeToken => _superseded;

        public void Supersede() => _superseded.OnReload();
    }
}
