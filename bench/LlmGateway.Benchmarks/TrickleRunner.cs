using System.Globalization;
using System.Threading.Tasks.Sources;
using LlmGateway.Protocols;
using LlmGateway.Transport.Streaming;

namespace LlmGateway.Benchmarks;

/// <summary>
/// The <c>trickle</c> verb: allocation per event of the normalizing stream and the normalizer together, with the
/// upstream answering one event per read and every wait for data completing later on the thread pool, as a model
/// server's stream does; the client side reads the way YARP's copy loop does (a zero-byte read, then a read into one
/// reused buffer). Keepalives and idle timeouts are armed as in the gateway. Allocation is the whole process's, read
/// before and after many responses, so it includes every per-response set-up spread over that response's events.
/// </summary>
internal sealed class TrickleRunner(TextWriter output, int responses = 2_000)
{
    private static readonly TimeSpan MinimumWarmup = TimeSpan.FromSeconds(2);

    private static readonly ReadOnlyMemory<byte> KeepAliveFrame = ": keepalive\n\n"u8.ToArray();

    private readonly ResponseNormalizerFactory _factory = new();
    private readonly byte[] _clientBuffer = new byte[64 * 1024];

    /// <param name="filter">Upstream API, then client API, to measure; empty for every pair.</param>
    public async Task RunAsync(IReadOnlyList<WireApi> filter)
    {
        output.WriteLine($"| Upstream | Client | allocated B/event, steady state | allocated B per response, set-up | B/event over a {StreamCorpus.Deltas}-delta response | events/s (wall, one stream at a time) |");
        output.WriteLine("|---|---|---:|---:|---:|---:|");
        WireApi[] apis = [WireApi.Messages, WireApi.Responses, WireApi.ChatCompletions];
        foreach (var upstream in apis.Where(api => filter.Count < 1 || filter[0] == api))
        {
            foreach (var client in apis.Where(api => filter.Count < 2 || filter[1] == api))
            {
                var options = StreamCorpus.Options(upstream, client);

                // Two lengths: what grows with the events is the steady state, what does not is the response's set-up.
                var shortFrames = StreamCorpus.Frames(upstream);
                var longFrames = StreamCorpus.Frames(upstream, StreamCorpus.Deltas * 10);
                await WarmUpAsync(shortFrames, longFrames, options).ConfigureAwait(false);
                var (shortBytes, _) = await MeasureAsync(shortFrames, options, responses).ConfigureAwait(false);
                var (longBytes, eventsPerSecond) = await MeasureAsync(longFrames, options, responses / 10).ConfigureAwait(false);
                // Rounded, and + 0.0 so that a difference of a few bytes below zero prints as 0.0, not -0.0.
                var perEvent = Math.Round((longBytes - shortBytes) / (longFrames.Count - shortFrames.Count), 1) + 0.0;
                var perResponse = shortBytes - (perEvent * shortFrames.Count);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {upstream} | {client} | {perEvent:F1} | {perResponse:N0} | {shortBytes / shortFrames.Count:F1} | {eventsPerSecond:N0} |"));
            }
        }
    }

    private async Task WarmUpAsync(IReadOnlyList<byte[]> shortFrames, IReadOnlyList<byte[]> longFrames, NormalizerOptions options)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < MinimumWarmup)
        {
            await RunResponseAsync(shortFrames, options).ConfigureAwait(false);
            await RunResponseAsync(longFrames, options).ConfigureAwait(false);
        }
    }

    /// <returns>Bytes allocated per response, and events per second.</returns>
    private async Task<(double Bytes, double EventsPerSecond)> MeasureAsync(IReadOnlyList<byte[]> frames, NormalizerOptions options, int count)
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            await RunResponseAsync(frames, options).ConfigureAwait(false);
        }

        var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        return ((GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)count, (double)count * frames.Count / seconds);
    }

    private async Task RunResponseAsync(IReadOnlyList<byte[]> frames, NormalizerOptions options)
    {
        var normalizer = _factory.Create(options);
        var timeouts = new StreamTimeouts
        {
            FirstToken = TimeSpan.FromMinutes(5),
            Idle = TimeSpan.FromMinutes(5),
            KeepAliveInterval = TimeSpan.FromSeconds(15),
            KeepAliveFrame = KeepAliveFrame,
        };
        await using var stream = new NormalizingReadStream(new TrickleUpstream(frames), normalizer, observer: null, timeouts);
        if (!await stream.WaitForFirstOutputAsync(CancellationToken.None).ConfigureAwait(false))
        {
            throw new InvalidOperationException("No first output.");
        }

        while (true)
        {
            await stream.ReadAsync(Memory<byte>.Empty).ConfigureAwait(false);
            if (await stream.ReadAsync(_clientBuffer).ConfigureAwait(false) == 0)
            {
                break;
            }
        }

        if (normalizer.Report.Error is { } error)
        {
            throw new InvalidOperationException($"{options.UpstreamApi}→{options.ClientApi} did not normalize cleanly: {error}");
        }
    }

    /// <summary>
    /// One frame per read; a zero-byte read (the wait for data) completes on the thread pool, through one reused
    /// source, so the upstream itself allocates nothing per event.
    /// </summary>
    private sealed class TrickleUpstream(IReadOnlyList<byte[]> frames) : Stream, IValueTaskSource<int>, IThreadPoolWorkItem
    {
        private ManualResetValueTaskSourceCore<int> _wait;
        private int _frame;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.IsEmpty && _frame < frames.Count)
            {
                _wait.Reset();
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                return new ValueTask<int>(this, _wait.Version);
            }

            if (_frame >= frames.Count)
            {
                return ValueTask.FromResult(0);
            }

            var frame = frames[_frame++];
            frame.CopyTo(buffer);
            return ValueTask.FromResult(frame.Length);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        void IThreadPoolWorkItem.Execute() => _wait.SetResult(0);

        int IValueTaskSource<int>.GetResult(short token) => _wait.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _wait.GetStatus(token);

        void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _wait.OnCompleted(continuation, state, token, flags);
    }
}
