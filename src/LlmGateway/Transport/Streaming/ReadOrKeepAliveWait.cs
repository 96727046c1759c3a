using System.Threading.Tasks.Sources;

namespace LlmGateway.Transport.Streaming;

/// <summary>
/// One stream's wait for its pending upstream read or the keepalive interval, whichever comes first, reused for every
/// read: <see cref="Task.WaitAsync(TimeSpan, TimeProvider, CancellationToken)"/> would allocate a timer and a promise
/// per wait, and with one upstream event per read that is per event. True when the read completed, false when the
/// interval passed first (the read stays pending).
/// </summary>
internal sealed class ReadOrKeepAliveWait : IValueTaskSource<bool>, IDisposable
{
    private readonly ITimer _timer;
    private readonly Action _onReadCompleted;
    private ManualResetValueTaskSourceCore<bool> _core;
    private Task? _observedRead;
    private int _waiting;

    public ReadOrKeepAliveWait(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timer = timeProvider.CreateTimer(static state => ((ReadOrKeepAliveWait)state!).Complete(readCompleted: false), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _onReadCompleted = () => Complete(readCompleted: true);
    }

    /// <summary>Waits for <paramref name="read"/> or <paramref name="interval"/>; one wait at a time.</summary>
    public ValueTask<bool> WaitAsync(Task read, TimeSpan interval)
    {
        _core.Reset();
        Volatile.Write(ref _waiting, 1);
        if (!ReferenceEquals(_observedRead, read))
        {
            // Once per read: a read that outlives a keepalive is waited for again without another continuation.
            _observedRead = read;
            read.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onReadCompleted);
        }

        if (read.IsCompleted)
        {
            // It may have completed before this wait began, its continuation then finding nobody waiting.
            Complete(readCompleted: true);
        }
        else
        {
            _timer.Change(interval, Timeout.InfiniteTimeSpan);
        }

        return new ValueTask<bool>(this, _core.Version);
    }

    public void Dispose() => _timer.Dispose();

    bool IValueTaskSource<bool>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void Complete(bool readCompleted)
    {
        // The read and the timer race; the first to arrive ends the wait, the other finds nothing to do.
        if (Interlocked.Exchange(ref _waiting, 0) == 1)
        {
            if (readCompleted)
            {
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            _core.SetResult(readCompleted);
        }
    }
}
