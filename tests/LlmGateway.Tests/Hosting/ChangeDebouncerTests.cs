using LlmGateway.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace LlmGateway.Tests.Hosting;

public sealed class ChangeDebouncerTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    [Fact]
    public void Signals_WithinTheQuietPeriod_RunTheActionOnce_AfterTheLast()
    {
        var time = new FakeTimeProvider();
        var runs = 0;
        using var debouncer = new ChangeDebouncer(time, Quiet, () => runs++);

        debouncer.Signal();
        time.Advance(TimeSpan.FromMilliseconds(400));
        debouncer.Signal();
        time.Advance(TimeSpan.FromMilliseconds(400));
        var beforeQuiet = runs;
        time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal(0, beforeQuiet);
        Assert.Equal(1, runs);
    }

    [Fact]
    public void Signals_AfterTheQuietPeriod_RunTheActionAgain()
    {
        var time = new FakeTimeProvider();
        var runs = 0;
        using var debouncer = new ChangeDebouncer(time, Quiet, () => runs++);

        debouncer.Signal();
        time.Advance(Quiet);
        debouncer.Signal();
        time.Advance(Quiet);
        time.Advance(Quiet);

        Assert.Equal(2, runs);
    }

    [Fact]
    public void Signal_AfterDispose_IsIgnored()
    {
        var time = new FakeTimeProvider();
        var runs = 0;
        var debouncer = new ChangeDebouncer(time, Quiet, () => runs++);
        debouncer.Dispose();

        debouncer.Signal();
        time.Advance(Quiet);

        Assert.Equal(0, runs);
    }
}
