using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Sources;

namespace LlmGateway.Transport.Streaming;

/// <summary>
/// The one upstream read a <see cref="NormalizingReadStream"/> has in flight, reused for every read of the stream so
/// that waiting allocates nothing: no task wraps the read and no timer is made per wait, which with one upstream event
/// per read (a model writing as it generates) would be per event. The read's <see cref="ValueTask{TResult}"/> is
/// consumed exactly once, by a continuation that keeps its outcome; a wait ends when the read has completed or after an
/// interval (for keepalives), whichever comes first, and the read then stays in flight for the next wait.
/// </summary>
internal sealed class UpstreamReadInFlight : IValueTaskSource<bool>, IDisposable
{
    private const int Idle = 0;
    private const int Pending = 1;
    private const int Completed = 2;

    private readonly TimeProvider _timeProvider;
    private readonly Action _onReadCompleted;
    private ITimer? _timer;
    private ManualResetValueTaskSourceCore<bool> _wait;
    private ValueTask<int> _read;
    private int _result;
    private ExceptionDispatchInfo? _failure;
    private int _state;
    private int _waiting;

    public UpstreamReadInFlight(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _onReadCompleted = OnReadCompleted;
    }

    /// <summary>A read was started and its outcome not yet taken.</summary>
    public bool Started => Volatile.Read(ref _state) != Idle;

    /// <summary>Started, and its outcome is there to take.</summary>
    public bool IsCompleted => Volatile.Read(ref _state) == Completed;

    /// <summary>Still waiting for the upstream: what disposal abandons (its buffer may yet be written into).</summary>
    public bool IsPending => Volatile.Read(ref _state) == Pending;

    /// <summary>Takes over a read just started; one at a time.</summary>
    public void Start(ValueTask<int> read)
    {
        if (Started)
        {
            throw new InvalidOperationException("A read is already in flight.");
        }

        if (read.IsCompleted)
        {
            Keep(read);
            return;
        }

        _read = read;
        Volatile.Write(ref _state, Pending);
        read.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onReadCompleted);
    }

    /// <summary>True once the read has completed; false when <paramref name="interval"/> passed first (infinite: never).</summary>
    public ValueTask<bool> WaitAsync(TimeSpan interval)
    {
        _wait.Reset();

        // A full fence between this store and the load of the state below: the read's continuation stores the state,
        // then swaps this flag; with a plain store either side could miss the other and the wait would never end.
        Interlocked.Exchange(ref _waiting, 1);
        if (IsCompleted)
        {
            // It may have completed before this wait began, its continuation then finding nobody waiting.
            EndWait(readCompleted: true);
        }
        else if (interval != Timeout.InfiniteTimeSpan)
        {
            _timer ??= _timeProvider.CreateTimer(static state => ((UpstreamReadInFlight)state!).EndWait(readCompleted: false), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(interval, Timeout.InfiniteTimeSpan);
        }

        return new ValueTask<bool>(this, _wait.Version);
    }

    /// <summary>The completed read's byte count, or its exception rethrown; the slot is then free for the next read.</summary>
    public int TakeResult()
    {
        if (!IsCompleted)
        {
            throw new InvalidOperationException("No completed read to take.");
        }

        var failure = _failure;
        _failure = null;
        Volatile.Write(ref _state, Idle);
        failure?.Throw();
        return _result;
    }

    public void Dispose() => _timer?.Dispose();

    bool IValueTaskSource<bool>.GetResult(short token) => _wait.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _wait.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _wait.OnCompleted(continuation, state, token, flags);

    private void OnReadCompleted()
    {
        var read = _read;
        _read = default;
        Keep(read);
        EndWait(readCompleted: true);
    }

    private void DisarmTimer()
    {
        try
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The stream was disposed while a read was still pending: nothing left to disarm.
        }
    }

    private void Keep(ValueTask<int> read)
    {
        try
        {
            _result = read.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            _failure = ExceptionDispatchInfo.Capture(ex);
        }

        Volatile.Write(ref _state, Completed);
    }

    private void EndWait(bool readCompleted)
    {
        // The read and the timer race; the first to arrive ends the wait, the other finds nothing to do. A timer that
        // fires just as a read ends a wait can at worst end the next wait early: one keepalive frame too soon.
        if (Interlocked.Exchange(ref _waiting, 0) == 1)
        {
            if (readCompleted)
            {
                DisarmTimer();
            }

            _wait.SetResult(readCompleted);
        }
    }
}
