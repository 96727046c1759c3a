using System.Threading.Tasks.Sources;
using LlmGateway.Transport.Streaming;
using Microsoft.Extensions.Time.Testing;

namespace LlmGateway.Tests.Transport.Streaming;

public sealed class UpstreamReadInFlightTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    [Fact]
    public void AReadCompletedAtOnce_IsThereToTake_AndFreesTheSlot()
    {
        using var read = new UpstreamReadInFlight(new FakeTimeProvider());

        read.Start(ValueTask.FromResult(7));

        Assert.True(read.IsCompleted);
        Assert.False(read.IsPending);
        Assert.Equal(7, read.TakeResult());
        Assert.False(read.Started);
        read.Start(ValueTask.FromResult(8));
        Assert.Equal(8, read.TakeResult());
    }

    [Fact]
    public async Task AReadThatCompletesFirst_EndsTheWaitTrue_AndTheIntervalNoLongerCounts()
    {
        var time = new FakeTimeProvider();
        using var read = new UpstreamReadInFlight(time);
        var upstream = new OnceSource();

        read.Start(upstream.Read());
        Assert.True(read.IsPending);
        var waiting = read.WaitAsync(Interval);
        Assert.False(waiting.IsCompleted);
        upstream.Complete(5);

        Assert.True(await waiting);
        Assert.Equal(5, read.TakeResult());
        Assert.Equal((1, 1), (upstream.OnCompletedCalls, upstream.GetResultCalls));

        // The next read's wait gets its whole interval.
        var next = new OnceSource();
        read.Start(next.Read());
        var second = read.WaitAsync(Interval);
        time.Advance(Interval - TimeSpan.FromSeconds(1));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await second);
    }

    [Fact]
    public async Task TheIntervalPassingFirst_EndsTheWaitFalse_AndTheReadStaysInFlight()
    {
        var time = new FakeTimeProvider();
        using var read = new UpstreamReadInFlight(time);
        var upstream = new OnceSource();
        read.Start(upstream.Read());

        var first = read.WaitAsync(Interval);
        time.Advance(Interval);
        Assert.False(await first);
        var second = read.WaitAsync(Interval);
        time.Advance(Interval);
        Assert.False(await second);
        Assert.True(read.IsPending);

        var third = read.WaitAsync(Interval);
        upstream.Complete(3);
        Assert.True(await third);
        Assert.Equal(3, read.TakeResult());
        Assert.Equal((1, 1), (upstream.OnCompletedCalls, upstream.GetResultCalls));
    }

    [Fact]
    public async Task AReadThatCompletedBetweenWaits_EndsTheNextWaitAtOnce()
    {
        var time = new FakeTimeProvider();
        using var read = new UpstreamReadInFlight(time);
        var upstream = new OnceSource();
        read.Start(upstream.Read());

        var first = read.WaitAsync(Interval);
        time.Advance(Interval);
        Assert.False(await first);
        upstream.Complete(4); // nobody is waiting now

        var second = read.WaitAsync(Interval);
        Assert.True(second.IsCompleted);
        Assert.True(await second);
        Assert.Equal(4, read.TakeResult());
    }

    [Fact]
    public async Task WithoutAnInterval_TheWaitLastsUntilTheReadCompletes()
    {
        var time = new FakeTimeProvider();
        using var read = new UpstreamReadInFlight(time);
        var upstream = new OnceSource();
        read.Start(upstream.Read());

        var waiting = read.WaitAsync(Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromDays(1));
        Assert.False(waiting.IsCompleted);
        upstream.Complete(0);
        Assert.True(await waiting);
        Assert.Equal(0, read.TakeResult());
    }

    [Fact]
    public async Task AFailedOrCancelledRead_EndsTheWait_AndTakingItRethrowsItsException()
    {
        using var read = new UpstreamReadInFlight(new FakeTimeProvider());
        var failing = new OnceSource();
        read.Start(failing.Read());
        var waiting = read.WaitAsync(Interval);
        failing.Fail(new IOException("reset"));
        Assert.True(await waiting);
        Assert.Equal("reset", Assert.Throws<IOException>(() => read.TakeResult()).Message);
        Assert.Equal(1, failing.GetResultCalls);

        read.Start(ValueTask.FromException<int>(new HttpRequestException("refused")));
        Assert.Throws<HttpRequestException>(() => read.TakeResult());

        read.Start(ValueTask.FromCanceled<int>(new CancellationToken(canceled: true)));
        Assert.ThrowsAny<OperationCanceledException>(() => read.TakeResult());
        Assert.False(read.Started);
    }

    [Fact]
    public async Task AReadCompletingAfterDisposal_EndsTheWaitWithoutThrowing()
    {
        var read = new UpstreamReadInFlight(TimeProvider.System);
        var upstream = new OnceSource();
        read.Start(upstream.Read());
        var waiting = read.WaitAsync(Interval);

        read.Dispose();
        upstream.Fail(new ObjectDisposedException("connection"));

        Assert.True(await waiting);
        Assert.Throws<ObjectDisposedException>(() => read.TakeResult());
    }

    [Fact]
    public void ASecondReadBeforeTheFirstIsTaken_IsRefused()
    {
        using var read = new UpstreamReadInFlight(new FakeTimeProvider());
        read.Start(ValueTask.FromResult(1));

        Assert.Throws<InvalidOperationException>(() => read.Start(ValueTask.FromResult(2)));
    }

    [Fact]
    public async Task ReadsCompletedOnOtherThreads_AlwaysEndTheWait()
    {
        // The read's completion and the start of a wait race; losing that race once would leave a stream waiting for
        // a read that has already completed.
        using var read = new UpstreamReadInFlight(TimeProvider.System);
        var upstream = new ThreadPoolRead();
        for (var i = 0; i < 200_000; i++)
        {
            read.Start(upstream.Read(i));
            if (!read.IsCompleted)
            {
                var waited = read.WaitAsync(Timeout.InfiniteTimeSpan);
                Assert.True(await waited.AsTask().WaitAsync(TimeSpan.FromSeconds(10)), $"wait {i}");
            }

            Assert.Equal(i, read.TakeResult());
        }
    }

    /// <summary>A read completed by a thread-pool work item, through one reused source.</summary>
    private sealed class ThreadPoolRead : IValueTaskSource<int>, IThreadPoolWorkItem
    {
        private ManualResetValueTaskSourceCore<int> _core;
        private int _next;

        public ValueTask<int> Read(int result)
        {
            _core.Reset();
            _next = result;
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            return new ValueTask<int>(this, _core.Version);
        }

        public void Execute() => _core.SetResult(_next);

        public int GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }

    /// <summary>A read backed by a value-task source that may be awaited and consumed once only, as pooled sources require.</summary>
    private sealed class OnceSource : IValueTaskSource<int>
    {
        private ManualResetValueTaskSourceCore<int> _core;

        public int OnCompletedCalls { get; private set; }

        public int GetResultCalls { get; private set; }

        public ValueTask<int> Read() => new(this, _core.Version);

        public void Complete(int bytes) => _core.SetResult(bytes);

        public void Fail(Exception exception) => _core.SetException(exception);

        public int GetResult(short token)
        {
            GetResultCalls++;
            Assert.Equal(1, GetResultCalls);
            return _core.GetResult(token);
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        {
            OnCompletedCalls++;
            Assert.Equal(1, OnCompletedCalls);
            _core.OnCompleted(continuation, state, token, flags);
        }
    }
}
