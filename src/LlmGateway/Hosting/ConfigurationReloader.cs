using LlmGateway.Configuration;
using LlmGateway.Observability;
using LlmGateway.Routing;
using LlmGateway.Transport;
using LlmGateway.Transport.Config;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace LlmGateway.Hosting;

/// <summary>
/// Applies edits of the configuration files without a restart. After a change notification and a quiet period, it
/// reads and validates the configuration like the start does; an invalid one is refused with one error line and the
/// running configuration stays. A valid one becomes a new <see cref="ConfigurationSnapshot"/>: YARP gets its routes and
/// clusters first, then the snapshot is published for new requests (requests already running keep theirs), and the
/// health state of deployments that no longer exist is dropped.
/// </summary>
internal sealed class ConfigurationReloader(
    IEnumerable<IOptionsChangeTokenSource<GatewayOptions>> changeSources,
    GatewayConfigurationLoader loader,
    RunningConfiguration configuration,
    GatewayProxyConfigProvider proxyConfig,
    ProxyTargetRegistry proxyTargets,
    DeploymentHealth health,
    TimeProvider time,
    GatewayMetrics metrics,
    ILogger<ConfigurationReloader> logger) : IHostedService, IDisposable
{
    /// <summary>Long enough to merge the notifications of one save (the JSON provider already waits 250 ms per file).</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(500);

    /// <summary>YARP applies a configuration in well under a second; this only bounds a reload that would otherwise hang.</summary>
    private static readonly TimeSpan ProxyApplyTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<IDisposable> _registrations = [];
    private ChangeDebouncer? _debouncer;
    private int _stopped;

    /// <summary>Fingerprint of the configuration the running snapshot was built from.</summary>
    private string _fingerprint = string.Empty;

    /// <summary>The problems and fingerprint of the last refused reload, so that the same refusal is not logged twice.</summary>
    private string? _lastRefusal;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _fingerprint = loader.Fingerprint();
        _debouncer = new ChangeDebouncer(time, QuietPeriod, () => _ = ReloadAsync(_stopping.Token));
        foreach (var source in changeSources.Where(source => source.Name == Options.DefaultName))
        {
            _registrations.Add(ChangeToken.OnChange(source.GetChangeToken, _debouncer.Signal));
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host may stop twice, or dispose first (minimal hosting under a test factory): only the first call acts.
        if (!Unsubscribe())
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);

        // Let a reload under way finish (it stops at its next await); later ones give up at the gate.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        _gate.Release();
    }

    /// <summary>
    /// Stops listening. The semaphore and the cancellation source stay undisposed on purpose: a reload may still be
    /// finishing with them, and neither holds anything that needs releasing.
    /// </summary>
    public void Dispose()
    {
        if (Unsubscribe())
        {
            _stopping.Cancel();
        }
    }

    /// <returns>True for the first call.</returns>
    private bool Unsubscribe()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return false;
        }

        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _debouncer?.Dispose();
        return true;
    }

    /// <summary>Reads, validates and applies the configuration as it is now; logs one line saying what happened.</summary>
    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var running = configuration.Current;
        try
        {
            var fingerprint = loader.Fingerprint();
            var load = loader.Load(running.Generation + 1);
            if (load.Snapshot is not { } snapshot)
            {
                Refuse(running, load.Problems, fingerprint);
                return;
            }

            _lastRefusal = null;
            foreach (var change in loader.RestartOnlyChanges())
            {
                GatewayLog.ConfigurationNeedsRestart(logger, change);
            }

            if (fingerprint == _fingerprint)
            {
                GatewayLog.ConfigurationUnchanged(logger, running.Generation);
                return;
            }

            proxyConfig.Stage(snapshot);
            try
            {
                await proxyTargets.WaitForAsync(snapshot).WaitAsync(ProxyApplyTimeout, time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var reason = ex is TimeoutException ? "did not apply them in time" : $"refused them: {ex.GetBaseException().Message}";
                Refuse(running, [$"the proxy {reason} (routes and clusters of generation {snapshot.Generation})"], fingerprint);
                return;
            }

            configuration.Publish(snapshot);
            health.Retain(snapshot.Catalog);
            _fingerprint = fingerprint;
            var groups = snapshot.Catalog.Groups.Count();
            GatewayLog.ConfigurationReloaded(logger, snapshot.Generation, groups, snapshot.Catalog.Upstreams.Count, snapshot.Options.ApiKeys.Count);
            metrics.ConfigurationReloaded("applied");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever went wrong, the running configuration stays and the next change is tried afresh.
            GatewayLog.ConfigurationReloadFailed(logger, running.Generation, ex);
            metrics.ConfigurationReloaded("failed");
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Refuse(ConfigurationSnapshot running, IReadOnlyList<string> problems, string fingerprint)
    {
        var text = string.Join(" | ", problems);
        var refusal = fingerprint + "\n" + text;
        if (refusal == _lastRefusal)
        {
            return; // the same files again (a repeated notification): said already
        }

        _lastRefusal = refusal;
        GatewayLog.ConfigurationReloadRejected(logger, running.Generation, text);
        metrics.ConfigurationReloaded("rejected");
    }
}
