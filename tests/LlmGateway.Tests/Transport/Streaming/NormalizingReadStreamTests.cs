using System.Text;
using LlmGateway.Protocols;
using LlmGateway.Transport.Streaming;

namespace LlmGateway.Tests.Transport.Streaming;

public sealed class NormalizingReadStreamTests
{
    [Fact]
    public async Task Read_ReturnsNormalizedBytes_ThenCompleteOutput_ThenEof()
    {
        var upstream = new ScriptedStream([Bytes("abc"), Bytes("def")]);
        var normalizer = new FakeNormalizer();
        var observer = new RecordingObserver();
        await using var stream = new NormalizingReadStream(upstream, normalizer, observer);

        var text = await ReadAllAsync(stream);

        Assert.Equal("ABCDEF|END", text);
        Assert.Equal(1, normalizer.Completions);
        Assert.Empty(normalizer.Failures);
        Assert.Equal(1, observer.FirstBytes);
        Assert.Equal([null], observer.Completions);
    }

    [Fact]
    public async Task Read_WhenTheNormalizerHoldsBytesBack_KeepsReadingInsteadOfSignallingEof()
    {
        var upstream = new ScriptedStream([Bytes("ev"), Bytes("en"), Bytes("t")]);
        await using var stream = new NormalizingReadStream(upstream, new FakeNormalizer { HoldBackWrites = 2 });
        var buffer = new byte[64];

        var first = await stream.ReadAsync(buffer);

        Assert.Equal("EVENT", Encoding.UTF8.GetString(buffer, 0, first));
        Assert.Equal("|END", await ReadAllAsync(stream));
    }

    [Fact]
    public async Task Read_WithASmallBuffer_HandsOutPendingOutputAcrossReads()
    {
        var upstream = new ScriptedStream([Bytes("hello world")]);
        await using var stream = new NormalizingReadStream(upstream, new FakeNormalizer());

        var text = await ReadAllAsync(stream, bufferSize: 3);

        Assert.Equal("HELLO WORLD|END", text);
    }

    [Fact]
    public async Task BigFirstRead_HandsOutTheFirstSlicesOutput_BeforeNormalizingTheRest()
    {
        // An upstream that sends its whole answer at once: the client gets the first events without waiting for the rest.
        var whole = new string('a', 20_000);
        var upstream = new ScriptedStream([Bytes(whole), Bytes("tail")]);
        var normalizer = new FakeNormalizer();
        await using var stream = new NormalizingReadStream(upstream, normalizer);
        var buffer = new byte[64 * 1024];

        var first = await stream.ReadAsync(buffer);

        Assert.Equal(4096, first);
        Assert.Equal([4096], normalizer.WriteLengths);
        Assert.Equal(1, upstream.Reads);

        Assert.Equal(whole[4096..].ToUpperInvariant() + "TAIL|END", await ReadAllAsync(stream, bufferSize: buffer.Length));

        // The rest of the first read in one piece, without reading the upstream first; later reads whole.
        Assert.Equal([4096, 20_000 - 4096, 4], normalizer.WriteLengths);
    }

    [Fact]
    public async Task FirstSliceWithoutOutput_FeedsTheNextSliceOfTheSameRead()
    {
        var upstream = new ScriptedStream([Bytes(new string('b', 10_000))]);
        var normalizer = new FakeNormalizer { HoldBackWrites = 1 };
        await using var stream = new NormalizingReadStream(upstream, normalizer);
        var buffer = new byte[64 * 1024];

        var first = await stream.ReadAsync(buffer);

        Assert.Equal(8192, first);
        Assert.Equal([4096, 4096], normalizer.WriteLengths);
        Assert.Equal(1, upstream.Reads);
        Assert.Equal(new string('B', 10_000 - 8192) + "|END", await ReadAllAsync(stream));
    }

    [Fact]
    public async Task TerminationInTheFirstSlice_DropsTheRestOfTheRead()
    {
        var upstream = new ScriptedStream([Bytes("done" + new string('x', 9_000))]);
        var normalizer = new FakeNormalizer { TerminateOn = "done" };
        var observer = new RecordingObserver();
        await using var stream = new NormalizingReadStream(upstream, normalizer, observer);

        var text = await ReadAllAsync(stream, bufferSize: 64 * 1024);

        Assert.Equal("DONE" + new string('X', 4092), text);
        Assert.Equal([4096], normalizer.WriteLengths);
        Assert.Equal([null], observer.Completions);
    }

    [Fact]
    public async Task ZeroByteRead_WaitsOnTheUpstream_AndDoesNotEndTheStream()
    {
        var upstream = new ScriptedStream([Bytes("data")]);
        await using var stream = new NormalizingReadStream(upstream, new FakeNormalizer());

        var zero = await stream.ReadAsync(Memory<byte>.Empty);

        Assert.Equal(0, zero);
        Assert.Equal(1, upstream.ZeroByteReads);
        Assert.Equal("DATA|END", await ReadAllAsync(stream));
    }

    [Theory]
    [InlineData(typeof(IOException))]
    [InlineData(typeof(HttpRequestException))]
    public async Task UpstreamFailureMidBody_BecomesTheProtocolErrorEvent_ThenEof(Type exceptionType)
    {
        var failure = (Exception)Activator.CreateInstance(exceptionType, "connection reset by peer")!;
        var upstream = new ScriptedStream([Bytes("partial")], failure);
        var normalizer = new FakeNormalizer();
        var observer = new RecordingObserver();
        await using var stream = new NormalizingReadStream(upstream, normalizer, observer);

        var text = await ReadAllAsync(stream);

        Assert.Equal("PARTIAL|ERROR", text);
        var reported = Assert.Single(normalizer.Failures);
        Assert.Equal(UpstreamFailureKind.Transport, reported.Kind);
        Assert.DoesNotContain("reset by peer", reported.Message, StringComparison.Ordinal);
        Assert.Equal(0, normalizer.Completions);
        Assert.NotNull(Assert.Single(observer.Completions));
    }

    [Fact]
    public async Task Cancellation_IsNotAnUpstreamFailure_AndPropagates()
    {
        var upstream = new ScriptedStream([Bytes("a")]);
        var normalizer = new FakeNormalizer();
        await using var stream = new NormalizingReadStream(upstream, normalizer);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.ReadAsync(new byte[16], cancelled.Token).AsTask());

        Assert.Empty(normalizer.Failures);
    }

    [Fact]
    public async Task IOExceptionWhileCancelled_IsTreatedAsAbort_NotAsUpstreamFailure()
    {
        using var cancelled = new CancellationTokenSource();
        var upstream = new ScriptedStream([], new IOException("aborted")) { IgnoreCancellation = true };
        var normalizer = new FakeNormalizer();
        await using var stream = new NormalizingReadStream(upstream, normalizer);
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<IOException>(() => stream.ReadAsync(new byte[16], cancelled.Token).AsTask());

        Assert.Empty(normalizer.Failures);
    }

    [Fact]
    public async Task TerminatedNormalizer_EndsTheStream_WithoutWaitingForTheUpstream()
    {
        var upstream = new ScriptedStream([Bytes("done"), Bytes("lingering")]);
        await using var stream = new NormalizingReadStream(upstream, new FakeNormalizer { TerminateOn = "done" });

        var text = await ReadAllAsync(stream);

        Assert.Equal("DONE", text);
        Assert.Equal(1, upstream.Reads);
    }

    [Fact]
    public async Task Dispose_DisposesTheUpstream()
    {
        var upstream = new ScriptedStream([]);
        var stream = new NormalizingReadStream(upstream, new FakeNormalizer());

        await stream.DisposeAsync();

        Assert.True(upstream.Disposed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => stream.ReadAsync(new byte[1]).AsTask());
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static async Task<string> ReadAllAsync(Stream stream, int bufferSize = 64)
    {
        var result = new MemoryStream();
        var buffer = new byte[bufferSize];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            result.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(result.ToArray());
    }

    private sealed class RecordingObserver : IResponseBodyObserver
    {
        public int FirstBytes { get; private set; }

        public List<string?> Completions { get; } = [];

        public void OnFirstByte() => FirstBytes++;

        public void OnCompleted(string? error) => Completions.Add(error);
    }
}
