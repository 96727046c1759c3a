using System.Globalization;
using TtfbProbe;

// Time to first byte of streamed responses at a fixed concurrency and request rate: each of --connections workers
// POSTs --body to --url, notes when the first body byte arrives, reads the rest, and waits for its next slot
// (--rate requests per second over all workers; 0 = back to back). Prints one line of key=value figures.
var options = ProbeOptions.Parse(args);
var result = await new Probe(options).RunAsync(CancellationToken.None).ConfigureAwait(false);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"requests={result.Requests} errors={result.Errors} ttfb_p50_ms={result.TtfbP50:F3} ttfb_p99_ms={result.TtfbP99:F3} total_p50_ms={result.TotalP50:F3} total_p99_ms={result.TotalP99:F3}"));
return result.Requests > 0 ? 0 : 1;
