using System.Text;
using LlmGateway.Protocols;
using LlmGateway.Transport.Streaming;

namespace LlmGateway.Tests.Transport.Streaming;

/// <summary>The stream's own timers: first-token and idle timeouts, keepalives, and cancellation by the caller.</summary>
public sealed class NormalizingReadStreamTimeoutTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task UpstreamSilentMidStream_PastTheIdleTimeout_FailsWithTimeout_ThenEof()
    {
        var upstream = new ChannelStream();
        upstream.Push("a");
        var normalizer = new FakeNormalizer();
        await using var stream = new NormalizingReadStream(upstream, normalizer, timeouts: Timeouts(idle: Short));

        var text = await ReadAllAsync(stream);

        Assert.Equal("A|ERROR", text);
        Assert.Equal(UpstreamFailureKind.Timeout, Assert.Single(normalizer.Failures).Kind);
        Assert.True(upstream.ReadCancelled);
    }

    [Fact]
    public async Task UpstreamSilentBeforeAnyOutput_PastTheFirstTokenTimeout_FailsWithTimeout()
    {
        var upstream = new ChannelStream();
        var normalizer = new FakeNormalizer();
        await using var stream = new NormalizingReadStream(upstream, normalizer, timeouts: Timeouts(firstToken: Short));

        Assert.Equal("|ERROR", await ReadAllAsync(stream));
        Assert.Equal(UpstreamFailureKind.Timeout, Assert.Single(normalizer.Failures).Kind);
    }

    [Fact]
    public async Task WaitForFirstOutput_PastTheFirstTokenTimeout_ReturnsFalse_AndLeavesTheNormalizerAlone()
    {
        var upstream = new ChannelStream();
        var normalizer = new FakeNormalizer();
        await using var stream = new NormalizingReadStream(upstream, normalizer, timeouts: Timeouts(firstToken: Short));

        Assert.False(await stream.WaitForFirstOutputAsync(CancellationToken.None));

        Assert.Empty(normalizer.Failures);
        Assert.Equal(0, normalizer.Completions);
    }

    [Fact]
    public async Task WaitForFirstOutput_WhenOutputArrives_ReturnsTrue_AndTheOutputIsReadNext()
    {
        var upstream = new ChannelStream();
        upstream.Push("first");
        upstream.End();
        await using var stream = new NormalizingReadStream(upstream, new FakeNormalizer(), timeouts: Timeouts());

        Assert.True(await stream.WaitForFirstOutputAsync(CancellationToken.None));

        Assert.Equal("FIRST|END", await ReadAllAsync(stream));
    }

    [Fact]
    public async Task UpstreamSilentAfterOutput_KeepalivesArrive_ThenTheRestOfTheStream()
    {
        var upstream = new ChannelStream();
        upstream.Push("a");
        await using var stream = new NormalizingReadStream(upstream, new FakeNormalizer(), timeouts: Timeouts(keepAlive: TimeSpan.FromMilliseconds(50)));
        var buffer = new byte[64];

        Assert.Equal("A", await ReadOnceAsync(stream, buffer));
        Assert.Equal("KA;", await ReadOnceAsync(stream, buffer));
        Assert.Equal("KA;", await ReadOnceAsync(stream, buffer));

        upstream.Push("b");
        upstream.End();
        var rest = await ReadAllAsync(stream);

        Assert.Equal("B|END", rest.Replace("KA;", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ZeroByteRead_WhileTheUpstreamIsSilent_ReturnsForTheKeepalive()
    {
        var upstream = new ChannelStream();
        upstream.Push("a");
        await using var stream = new NormalizingReadStream(upstream, new FakeNormalizer(), timeouts: Timeouts(keepAlive: TimeSpan.FromMilliseconds(50)));
        var buffer = new byte[64];
        Assert.Equal("A", await ReadOnceAsync(stream, buffer));

        // YARP's copier idles on a zero-byte read; it must come back so the keepalive can be read.
        Assert.Equal(0, await stream.ReadAsync(Memory<byte>.Empty));
        Assert.Equal("KA;", await ReadOnceAsync(stream, buffer));
    }

    [Fact]
    public async Task NoKeepalive_BeforeTheFirstOutput()
    {
        var upstream = new ChannelStream();
        upstream.Push("held");
        await using var stream = new NormalizingReadStream(upstream, new FakeNormalizer { HoldBackWrites = 1 }, timeouts: Timeouts(keepAlive: TimeSpan.FromMilliseconds(20)));
        var buffer = new byte[64];

        var read = ReadOnceAsync(stream, buffer);
        await Task.Delay(300);
        Assert.False(read.IsCompleted);

        upstream.Push("-out");
        Assert.Equal("HELD-OUT", await read);
    }

    [Fact]
    public async Task CallerCancellation_WhileTheUpstreamIsSilent_CancelsTheUpstreamRead()
    {
        var upstream = new ChannelStream();
        upstream.Push("a");
        var normalizer = new FakeNormalizer();

        // Keepalives apply (the read waits for one) but never come due, so the read can only end by cancellation.
        await using var stream = new NormalizingReadStream(upstream, normalizer, timeouts: Timeouts());
        var buffer = new byte[64];
        using var client = new CancellationTokenSource();
        Assert.Equal("A", await ReadOnceAsync(stream, buffer, client.Token));

        var read = stream.ReadAsync(buffer, client.Token).AsTask();
        await client.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        for (var i = 0; i < 100 && !upstream.ReadCancelled; i++)
        {
            await Task.Delay(20);
        }

        Assert.True(upstream.ReadCancelled);
        Assert.Empty(normalizer.Failures);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task IdleTimeout_WhenTheCancelledReadReportsEofAndTheConnectionIsGone_StillEndsWithTheTimeoutError(bool yarpStyleReads)
    {
        // What HttpClient does: cancelling a read shuts the connection down, a zero-byte read caught in that completes
        // with 0, and the next read finds the connection disposed.
        var upstream = new ShutDownOnCancelStream("a");
        var normalizer = new FakeNormalizer();
        await using var stream = new NormalizingReadStream(upstream, normalizer, timeouts: Timeouts(idle: Short));

        var text = yarpStyleReads ? await ReadLikeYarpAsync(stream) : await ReadAllAsync(stream);

        Assert.Equal("A|ERROR", text);
        Assert.Equal(UpstreamFailureKind.Timeout, Assert.Single(normalizer.Failures).Kind);
    }

    private static async Task<string> ReadLikeYarpAsync(Stream stream)
    {
        var result = new MemoryStream();
        var buffer = new byte[64];
        while (true)
        {
            _ = await stream.ReadAsync(Memory<byte>.Empty);
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return Encoding.UTF8.GetString(result.ToArray());
            }

            result.Write(buffer, 0, read);
        }
    }

    private static StreamTimeouts Timeouts(TimeSpan? firstToken = null, TimeSpan? idle = null, TimeSpan? keepAlive = null) => new()
    {
        FirstToken = firstToken ?? Long,
        Idle = idle ?? Long,
        KeepAliveInterval = keepAlive ?? Long,
        KeepAliveFrame = "KA;"u8.ToArray(),
    };

    private static async Task<string> ReadOnceAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken = default)
    {
        var read = await stream.ReadAsync(buffer, cancellationToken);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static async Task<string> ReadAllAsync(Stream stream)
    {
        var result = new MemoryStream();
        var buffer = new byte[64];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            result.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(result.ToArray());
    }
    /// <summary>Hands out one chunk, then waits; cancellation makes a waiting read end with 0 and later reads fail as disposed.</summary>
    private sealed class ShutDownOnCancelStream(string first) : ReadOnlyTestStream
    {
        private bool _served;
        private bool _shutDown;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_shutDown, typeof(System.Net.Sockets.NetworkStream));
            if (!_served)
            {
                if (buffer.IsEmpty)
                {
                    return 0;
                }

                _served = true;
                return Encoding.UTF8.GetBytes(first, buffer.Span);
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                _shutDown = true;
                if (!buffer.IsEmpty)
                {
                    throw new IOException("Operation canceled.");
                }
            }

            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
