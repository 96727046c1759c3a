using System.Runtime.CompilerServices;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;

namespace LlmGateway.Transport.Config;

/// <summary>
/// Learns from YARP when the routes and clusters of a configuration snapshot are in effect, and keeps them (as
/// <see cref="ProxyTargets"/>) for as long as anything holds the snapshot: a reload publishes a snapshot only once YARP
/// has applied it, and requests of the previous one keep their routes after YARP dropped them.
/// </summary>
internal sealed class ProxyTargetRegistry(IServiceProvider services) : IConfigChangeListener
{
    private readonly ConditionalWeakTable<ConfigurationSnapshot, TaskCompletionSource<ProxyTargets>> _targets = [];

    /// <summary>Completes once YARP applied the configuration of <paramref name="snapshot"/>; faults if YARP refused it.</summary>
    public Task<ProxyTargets> WaitForAsync(ConfigurationSnapshot snapshot) => Entry(snapshot).Task;

    /// <returns>The routes and clusters of <paramref name="snapshot"/>, or null when YARP has not applied them.</returns>
    public ProxyTargets? Find(ConfigurationSnapshot snapshot) =>
        _targets.TryGetValue(snapshot, out var entry) && entry.Task.IsCompletedSuccessfully ? entry.Task.Result : null;

    public void ConfigurationApplied(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
        ArgumentNullException.ThrowIfNull(proxyConfigs);

        // Resolved here, not in the constructor: YARP's state lookup is the config manager, which depends on this listener.
        var state = services.GetRequiredService<IProxyStateLookup>();
        foreach (var config in proxyConfigs.OfType<GatewayProxyConfig>())
        {
            var entry = Entry(config.Snapshot);
            if (entry.Task.IsCompleted)
            {
                continue;
            }

            try
            {
                entry.TrySetResult(ProxyTargets.Capture(state, config.Snapshot));
            }
            catch (InvalidOperationException ex)
            {
                entry.TrySetException(ex);
            }
        }
    }

    public void ConfigurationApplyingFailed(IReadOnlyList<IProxyConfig> proxyConfigs, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(proxyConfigs);
        foreach (var config in proxyConfigs.OfType<GatewayProxyConfig>())
        {
            Entry(config.Snapshot).TrySetException(exception);
        }
    }

    public void ConfigurationLoadingFailed(IProxyConfigProvider configProvider, Exception exception)
    {
        // GatewayProxyConfigProvider.GetConfig only returns what Stage built; building errors surface in Stage.
    }

    public void ConfigurationLoaded(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
    }

    private TaskCompletionSource<ProxyTargets> Entry(ConfigurationSnapshot snapshot) =>
        _targets.GetValue(snapshot, static _ => new TaskCompletionSource<ProxyTargets>(TaskCreationOptions.RunContinuationsAsynchronously));
}
