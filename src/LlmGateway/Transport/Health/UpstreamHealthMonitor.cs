using LlmGateway.Routing;
using Microsoft.Extensions.Primitives;

namespace LlmGateway.Transport.Health;

/// <summary>
/// Active health checks: every upstream with a <c>HealthCheck</c> gets <c>GET BaseUrl + Path</c> each interval; a
/// failure (non-2xx, no answer within the interval) marks its deployments down until the next check succeeds. Follows
/// configuration reloads: checks start for new upstreams, stop for removed ones, and restart when their settings change.
/// </summary>
internal sealed class UpstreamHealthMonitor(RunningConfiguration configuration, DeploymentHealth health, IHttpClientFactory httpClients) : BackgroundService
{
    public const string HttpClientName = "health-check";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Check> _checks = new(StringComparer.OrdinalIgnoreCase);
    private CancellationToken _stoppingToken;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stoppingToken = stoppingToken;

        // Registered before the first reconcile, so a reload between the two is not missed.
        using (ChangeToken.OnChange(configuration.GetChangeToken, Reconcile))
        {
            Reconcile();
            try
            {
                await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        Task[] stopped;
        lock (_lock)
        {
            stopped = [.. _checks.Values.Select(check => check.StopAsync())];
            _checks.Clear();
        }

        await Task.WhenAll(stopped).ConfigureAwait(false);
    }

    private void Reconcile()
    {
        var wanted = configuration.Current.Catalog.Upstreams.Values
            .Where(upstream => upstream.HealthCheckPath is not null && !upstream.IsBuiltinEcho)
            .ToDictionary(upstream => upstream.Name, StringComparer.OrdinalIgnoreCase);
        lock (_lock)
        {
            if (_stoppingToken.IsCancellationRequested)
            {
                return;
            }

            foreach (var (name, check) in _checks.ToList())
            {
                if (!wanted.TryGetValue(name, out var upstream) || !SameCheck(upstream, check.Upstream))
                {
                    _ = check.StopAsync();
                    _checks.Remove(name);

                    // A changed check starts over; a removed one must not leave its upstream marked down.
                    health.ReportUpstreamUp(check.Upstream);
                }
            }

            foreach (var upstream in wanted.Values)
            {
                if (!_checks.ContainsKey(upstream.Name))
                {
                    _checks[upstream.Name] = new Check(upstream, MonitorAsync, _stoppingToken);
                }
            }
        }
    }

    private static bool SameCheck(Upstream a, Upstream b) =>
        string.Equals(a.BaseUrl, b.BaseUrl, StringComparison.Ordinal)
        && string.Equals(a.HealthCheckPath, b.HealthCheckPath, StringComparison.Ordinal)
        && a.HealthCheckInterval == b.HealthCheckInterval
        && string.Equals(a.ApiKey, b.ApiKey, StringComparison.Ordinal);

    private async Task MonitorAsync(Upstream upstream, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(upstream.HealthCheckInterval);
        do
        {
            if (await CheckAsync(upstream, stoppingToken).ConfigureAwait(false))
            {
                health.ReportUpstreamUp(upstream);
            }
            else if (!stoppingToken.IsCancellationRequested)
            {
                // Down until a later check passes; a little longer than one interval so there is no gap between checks.
                health.ReportUpstreamDown(upstream, upstream.HealthCheckInterval * 2);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private async Task<bool> CheckAsync(Upstream upstream, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(upstream.HealthCheckInterval);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, upstream.BaseUrl + upstream.HealthCheckPath);
            if (upstream.ApiKey is { } key)
            {
                // Both credential styles: a health path is usually an OpenAI-style /models that wants a Bearer token.
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
                request.Headers.TryAddWithoutValidation("x-api-key", key);
            }

            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The check loop of one upstream, with its own stop signal.</summary>
    private sealed class Check
    {
        private readonly CancellationTokenSource _stop;
        private readonly Task _loop;

        public Check(Upstream upstream, Func<Upstream, CancellationToken, Task> monitor, CancellationToken stoppingToken)
        {
            Upstream = upstream;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            _loop = Task.Run(() => monitor(upstream, _stop.Token), CancellationToken.None);
        }

        public Upstream Upstream { get; }

        /// <summary>Stops the loop; the task completes when it has ended.</summary>
        public async Task StopAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
            _stop.Dispose();
        }
    }
}
