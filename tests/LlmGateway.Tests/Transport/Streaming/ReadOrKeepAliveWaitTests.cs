using LlmGateway.Transport.Streaming;
using Microsoft.Extensions.Time.Testing;

namespace LlmGateway.Tests.Transport.Streaming;

public sealed class ReadOrKeepAliveWaitTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task AReadThatCompletesFirst_EndsTheWaitTrue_AndTheIntervalNoLongerCounts()
    {
        var time = new FakeTimeProvider();
        using var wait = new ReadOrKeepAliveWait(time);
        var read = new TaskCompletionSource<int>();

        var waiting = wait.WaitAsync(read.Task, Interval);
        Assert.False(waiting.IsCompleted);
        read.SetResult(5);
        Assert.True(await waiting);

        // The next wait, on the next read, gets its whole interval.
        var next = new TaskCompletionSource<int>();
        var second = wait.WaitAsync(next.Task, Interval);
        time.Advance(Interval - TimeSpan.FromSeconds(1));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await second);
    }

    [Fact]
    public async Task TheIntervalPassingFirst_EndsTheWaitFalse_AndTheSameReadCanBeWaitedForAgain()
    {
        var time = new FakeTimeProvider();
        using var wait = new ReadOrKeepAliveWait(time);
        var read = new TaskCompletionSource<int>();

        var first = wait.WaitAsync(read.Task, Interval);
        time.Advance(Interval);
        Assert.False(await first);

        var second = wait.WaitAsync(read.Task, Interval);
        time.Advance(Interval);
        Assert.False(await second);

        var third = wait.WaitAsync(read.Task, Interval);
        read.SetResult(1);
        Assert.True(await third);
    }

    [Fact]
    public async Task AReadThatCompletedBetweenWaits_EndsTheNextWaitAtOnce()
    {
        var time = new FakeTimeProvider();
        using var wait = new ReadOrKeepAliveWait(time);
        var read = new TaskCompletionSource<int>();

        var first = wait.WaitAsync(read.Task, Interval);
        time.Advance(Interval);
        Assert.False(await first);
        read.SetResult(3); // nobody is waiting now

        var second = wait.WaitAsync(read.Task, Interval);
        Assert.True(second.IsCompleted);
        Assert.True(await second);
    }

    [Fact]
    public async Task AFailedOrCancelledRead_EndsTheWaitTrue_ForTheCallerToClassify()
    {
        var time = new FakeTimeProvider();
        using var wait = new ReadOrKeepAliveWait(time);
        var failed = new TaskCompletionSource<int>();
        var cancelled = new TaskCompletionSource<int>();

        var first = wait.WaitAsync(failed.Task, Interval);
        failed.SetException(new IOException("reset"));
        Assert.True(await first);

        var second = wait.WaitAsync(cancelled.Task, Interval);
        cancelled.SetCanceled();
        Assert.True(await second);
    }
}
