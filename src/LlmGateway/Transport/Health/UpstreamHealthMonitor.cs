using LlmGateway.Routing;

namespace LlmGateway.Transport.Health;

/// <summary>
/// Active health checks: every upstream with a <c>HealthCheck</c> gets <c>GET BaseUrl + Path</c> each interval; a
/// failure (non-2xx, no answer within the interval) marks its deployments down until the next check succeeds.
/// </summary>
internal sealed class UpstreamHealthMonitor(ModelGroupCatalog catalog, DeploymentHealth health, IHttpClientFactory httpClients) : BackgroundService
{
    public const string HttpClientName = "health-check";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(catalog.Upstreams.Values
            .Where(upstream => upstream.HealthCheckPath is not null && !upstream.IsBuiltinEcho)
            .Select(upstream => MonitorAsync(upstream, stoppingToken)));

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
}
