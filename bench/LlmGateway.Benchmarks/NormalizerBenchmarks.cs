using BenchmarkDotNet.Attributes;
using LlmGateway.Protocols;

namespace LlmGateway.Benchmarks;

/// <summary>
/// One response through the normalizer per invocation, for each upstream-API decoder and client-API encoder pair:
/// a <see cref="StreamCorpus.Deltas"/>-delta stream fed as the network would split it, the client bytes drained after
/// every write as the transport does. One operation is one upstream delta; the stream's few lifecycle frames and the
/// per-response setup are spread over them, so the figures per operation are an upper bound for the steady state.
/// </summary>
[MemoryDiagnoser]
public class NormalizerBenchmarks : IDisposable
{
    private readonly ResponseNormalizerFactory _factory = new();
    private readonly PooledBufferWriter _output = new(64 * 1024);
    private NormalizerOptions _options = null!;
    private byte[][] _chunks = [];

    /// <summary>How the upstream bytes arrive.</summary>
    public enum Chunking
    {
        /// <summary>Each SSE event its own read, as a model server writes them while generating.</summary>
        PerEvent,

        /// <summary>4 KiB reads, as from a fast upstream or a buffering proxy.</summary>
        FourKiB,
    }

    [Params(WireApi.Messages, WireApi.Responses, WireApi.ChatCompletions)]
    public WireApi Upstream { get; set; }

    [Params(WireApi.Messages, WireApi.Responses, WireApi.ChatCompletions)]
    public WireApi Client { get; set; }

    [Params(Chunking.PerEvent, Chunking.FourKiB)]
    public Chunking Chunks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _options = StreamCorpus.Options(Upstream, Client);
        _chunks = Chunks == Chunking.PerEvent
            ? [.. StreamCorpus.Frames(Upstream)]
            : [.. StreamCorpus.Body(Upstream).Chunk(4096)];

        // A broken pair would measure an error path; fail the run instead.
        if (Run() is var written && written == 0 || LastError is not null)
        {
            throw new InvalidOperationException($"{Upstream}→{Client} did not normalize cleanly: {LastError}");
        }
    }

    public void Dispose()
    {
        _output.Dispose();
        GC.SuppressFinalize(this);
    }

    private string? LastError { get; set; }

    [Benchmark(OperationsPerInvoke = StreamCorpus.Deltas)]
    public long Normalize() => Run();

    private long Run()
    {
        var normalizer = _factory.Create(_options);
        long written = 0;
        foreach (var chunk in _chunks)
        {
            normalizer.Write(chunk, _output);
            written += _output.WrittenCount;
            _output.Clear();
        }

        normalizer.Complete(_output);
        written += _output.WrittenCount;
        _output.Clear();
        LastError = normalizer.Report.Error;
        (normalizer as IDisposable)?.Dispose();
        return written;
    }
}
