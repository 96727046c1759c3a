using System.Diagnostics;
using System.Net.Http.Headers;

namespace TtfbProbe;

/// <summary>Figures of one probe run, in milliseconds.</summary>
internal sealed record ProbeResult(int Requests, int Errors, double TtfbP50, double TtfbP99, double TotalP50, double TotalP99);

/// <summary>Runs the workers of one probe and aggregates their samples.</summary>
internal sealed class Probe(ProbeOptions options)
{
    public async Task<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseProxy = false,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };

        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, options.Connections)
            .Select(i => WorkAsync(client, started, i, cancellationToken))
            .ToArray();
        var samples = await Task.WhenAll(workers).ConfigureAwait(false);

        var ttfb = samples.SelectMany(static s => s.Ttfb).Order().ToArray();
        var total = samples.SelectMany(static s => s.Total).Order().ToArray();
        return new ProbeResult(ttfb.Length, samples.Sum(static s => s.Errors), Percentile(ttfb, 0.50), Percentile(ttfb, 0.99), Percentile(total, 0.50), Percentile(total, 0.99));
    }

    private async Task<Samples> WorkAsync(HttpClient client, long started, int worker, CancellationToken cancellationToken)
    {
        var samples = new Samples();
        var buffer = new byte[16 * 1024];
        var period = options.Rate > 0 ? TimeSpan.FromSeconds(options.Connections / options.Rate) : TimeSpan.Zero;

        // Spread the workers' first slots over one period so they do not fire in lockstep.
        var next = started + (long)(period.TotalSeconds * Stopwatch.Frequency * worker / options.Connections);
        while (Stopwatch.GetElapsedTime(started) < options.Duration)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            next += (long)(period.TotalSeconds * Stopwatch.Frequency);
            var begin = Stopwatch.GetTimestamp();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, options.Url) { Content = new ByteArrayContent(options.Body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (body.ConfigureAwait(false))
                {
                    var first = await body.ReadAsync(buffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false);
                    var ttfb = Stopwatch.GetElapsedTime(begin);
                    while (await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
                    {
                    }

                    var total = Stopwatch.GetElapsedTime(begin);
                    if (!response.IsSuccessStatusCode || first == 0)
                    {
                        samples.Errors++;
                    }
                    else if (Stopwatch.GetElapsedTime(started, begin) >= options.Warmup)
                    {
                        samples.Ttfb.Add(ttfb.TotalMilliseconds);
                        samples.Total.Add(total.TotalMilliseconds);
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
            {
                samples.Errors++;
            }
        }

        return samples;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private sealed class Samples
    {
        public List<double> Ttfb { get; } = [];

        public List<double> Total { get; } = [];

        public int Errors { get; set; }
    }
}
