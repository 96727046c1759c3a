using System.Diagnostics;
using System.Globalization;
using LlmGateway.Protocols;

namespace LlmGateway.Benchmarks;

/// <summary>
/// The <c>cpu</c> verb: every <see cref="NormalizerBenchmarks"/> case measured by the thread's CPU time rather than
/// wall time, so a machine shared with builds and tests still gives comparable figures in about a minute. Median of
/// <c>rounds</c> rounds after a warm-up long enough for tiered JIT; allocation from the thread's allocation counter.
/// </summary>
internal sealed class CpuTimeRunner(TextWriter output, int rounds = 7, int invocationsPerRound = 300)
{
    private const int WarmupInvocations = 2000;

    /// <summary>
    /// Tiered JIT promotes hot methods on a background thread after a delay, so a case measured first would otherwise
    /// run partly unoptimized code: warm-up lasts at least this long as well.
    /// </summary>
    private static readonly TimeSpan MinimumWarmup = TimeSpan.FromSeconds(2);

    /// <param name="filter">Upstream API, then client API, to measure; empty for every case.</param>
    public void Run(IReadOnlyList<WireApi> filter)
    {
        output.WriteLine("| Upstream | Client | Chunks | CPU ns/delta | deltas/s per core | allocated B/delta |");
        output.WriteLine("|---|---|---|---:|---:|---:|");
        foreach (var upstream in Apis.Where(api => filter.Count < 1 || filter[0] == api))
        {
            foreach (var client in Apis.Where(api => filter.Count < 2 || filter[1] == api))
            {
                foreach (var chunks in new[] { NormalizerBenchmarks.Chunking.PerEvent, NormalizerBenchmarks.Chunking.FourKiB })
                {
                    using var benchmark = new NormalizerBenchmarks { Upstream = upstream, Client = client, Chunks = chunks };
                    benchmark.Setup();
                    var (nanoseconds, bytes) = Measure(benchmark);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {upstream} | {client} | {chunks} | {nanoseconds:F0} | {1e9 / nanoseconds:N0} | {bytes:F1} |"));
                }
            }
        }
    }

    private static WireApi[] Apis => [WireApi.Messages, WireApi.Responses, WireApi.ChatCompletions];

    private (double Nanoseconds, double Bytes) Measure(NormalizerBenchmarks benchmark)
    {
        var warmupStarted = Stopwatch.GetTimestamp();
        for (var i = 0; i < WarmupInvocations || Stopwatch.GetElapsedTime(warmupStarted) < MinimumWarmup; i++)
        {
            benchmark.Normalize();
        }

        var perDelta = new double[rounds];
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < rounds; round++)
        {
            var start = ThreadCpuClock.Nanoseconds();
            for (var i = 0; i < invocationsPerRound; i++)
            {
                benchmark.Normalize();
            }

            perDelta[round] = (ThreadCpuClock.Nanoseconds() - start) / (double)invocationsPerRound / StreamCorpus.Deltas;
        }

        var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)rounds / invocationsPerRound / StreamCorpus.Deltas;
        Array.Sort(perDelta);
        return (perDelta[rounds / 2], allocated);
    }
}
