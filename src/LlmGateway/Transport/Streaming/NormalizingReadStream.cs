using System.Buffers;
using System.Runtime.CompilerServices;
using LlmGateway.Protocols;

namespace LlmGateway.Transport.Streaming;

/// <summary>
/// Read-side decorator over the upstream body: every read returns normalized client bytes.
/// YARP keeps owning the copy loop (abort handling, telemetry); this stream transforms and keeps its own timers.
/// An upstream transport failure or silence beyond the idle timeout becomes the protocol's error event followed by EOF,
/// so the client never sees a stream that merely stops and looks complete. While the upstream is silent after the first
/// client bytes, a keepalive frame is handed out every interval; the upstream read stays pending meanwhile.
/// </summary>
/// <remarks>
/// The timers never use the token YARP passes in: that is YARP's activity token, reset only by its own copy loop
/// (yarp-notes.md 1(c)). One reusable <see cref="CancellationTokenSource"/> per stream carries the timer; the caller's
/// token is registered onto it per read, so a client abort still cancels the upstream read at once.
/// </remarks>
internal sealed class NormalizingReadStream : Stream
{
    // As large as YARP's copy buffer, so a burst from the upstream is read in as few calls; it is rented only once the
    // upstream has data (zero-byte reads first), so idle streams do not hold it.
    private const int ReadBufferSize = 64 * 1024;

    /// <summary>Client bytes of one read; the writer grows when translated events come out larger than they went in.</summary>
    private const int OutputBufferSize = ReadBufferSize;

    /// <summary>
    /// Until the first client bytes exist, a read is normalized this much at a time: an upstream that sends its whole
    /// answer at once (a cached or fast model) then gets its first events to the client before the rest is normalized.
    /// </summary>
    private const int FirstOutputSliceSize = 4 * 1024;

    private const string UpstreamFailureMessage = "The upstream connection failed while streaming the response.";
    private const string IdleTimeoutMessage = "The upstream sent nothing within the idle timeout.";
    private const string FirstTokenTimeoutMessage = "The upstream did not start answering within the first-token timeout.";

    private readonly Stream _upstream;
    private readonly IResponseNormalizer _normalizer;
    private readonly IResponseBodyObserver? _observer;
    private readonly StreamTimeouts? _timeouts;
    private readonly PooledBufferWriter _output = new(OutputBufferSize, rentNow: false);
    private readonly UpstreamReadInFlight _read;
    private CancellationTokenSource? _timer;
    private CancellationTokenRegistration _callerRegistration;
    private bool _pendingIsZeroByte;
    private bool _upstreamReadable;
    private byte[]? _readBuffer;
    private int _unreadStart;
    private int _unreadEnd;
    private int _outputOffset;
    private bool _finished;
    private bool _sentFirstByte;
    private bool _producedOutput;
    private bool _firstTokenTimerArmed;
    private bool _keepAliveDue;
    private bool _waitingForFirstOutput;
    private bool _firstTokenTimedOut;
    private bool _disposed;

    public NormalizingReadStream(Stream upstream, IResponseNormalizer normalizer, IResponseBodyObserver? observer = null, StreamTimeouts? timeouts = null)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(normalizer);
        _upstream = upstream;
        _normalizer = normalizer;
        _observer = observer;
        _timeouts = timeouts;
        _read = new UpstreamReadInFlight(timeouts?.TimeProvider ?? TimeProvider.System);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    private int Pending => _output.WrittenCount - _outputOffset;

    private bool KeepAliveApplies => _producedOutput && !_finished && _timeouts is { KeepAliveFrame.IsEmpty: false };

    /// <summary>
    /// Reads until the normalizer has produced client bytes (or the body ended), before anything is sent to the client.
    /// False when the first-token timeout expired first: nothing was produced and the caller can still answer with an
    /// error status; the stream is then unusable. Without timeouts this always ends true.
    /// </summary>
    public async Task<bool> WaitForFirstOutputAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _waitingForFirstOutput = true;
        try
        {
            while (Pending == 0 && !_finished)
            {
                await PumpAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _waitingForFirstOutput = false;
        }

        return !_firstTokenTimedOut;
    }

    // Pooled state machines: with one upstream event per read (a model writing as it generates) these suspend once per
    // event, and each suspension would otherwise allocate its state machine.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        if (buffer.IsEmpty)
        {
            // Zero-byte read (YARP's StreamCopier idles this way): complete only once client bytes are ready, so the
            // caller rents its buffer for a read that will not wait. An upstream chunk holding half an event must not
            // leave a thousand idle streams each parked in a read with the caller's buffer and ours.
            while (Pending == 0 && !_finished && !_keepAliveDue)
            {
                await PumpAsync(cancellationToken).ConfigureAwait(false);
            }

            return 0;
        }

        // Returning 0 means EOF, so keep pulling until the normalizer has produced something or the body is over.
        while (Pending == 0 && !_finished)
        {
            if (_keepAliveDue)
            {
                // Between reads the normalizer has written whole frames only, so the keepalive cannot split one.
                _keepAliveDue = false;
                ResetOutputIfDrained();
                _output.Write(_timeouts!.KeepAliveFrame.Span);
                break;
            }

            await PumpAsync(cancellationToken).ConfigureAwait(false);
        }

        return Drain(buffer.Span);
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _callerRegistration.Dispose();
            var abandoned = _read.IsPending;

            // Disposing the upstream aborts a read still pending (after a client abort or a keepalive); its outcome
            // is taken by the in-flight read's own continuation, so no fault goes unobserved.
            _upstream.Dispose();
            _timer?.Dispose();
            _read.Dispose();
            _output.Dispose();
            (_normalizer as IDisposable)?.Dispose();
            if (!abandoned && _readBuffer is not null)
            {
                // A read still pending may yet write into its buffer, so that one goes to the GC instead of the pool.
                ArrayPool<byte>.Shared.Return(_readBuffer);
            }

            _readBuffer = null;
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Advances by one step: feeds the normalizer what the last upstream read left over, if anything, or else reads the
    /// upstream once: starts the read unless one is pending, waits for it (no longer than the keepalive interval once
    /// keepalives apply) and feeds what arrived. Until the upstream has shown it has data, the read is a zero-byte one,
    /// so no buffer is held while waiting.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask PumpAsync(CancellationToken cancellationToken)
    {
        if (_unreadEnd > _unreadStart)
        {
            // What the last read left over, before any more is read.
            NormalizeUnread();
            return;
        }

        if (!_read.Started)
        {
            StartRead(zeroByte: !_upstreamReadable, cancellationToken);
        }

        // A client abort ends the wait too: it cancels the read (the timer source, StartRead), which completes it.
        if (!_read.IsCompleted && !await _read.WaitAsync(KeepAliveApplies ? _timeouts!.KeepAliveInterval : Timeout.InfiniteTimeSpan).ConfigureAwait(false))
        {
            // The read stays in flight; the next call picks it up again.
            _keepAliveDue = true;
            return;
        }

        var wasZeroByte = _pendingIsZeroByte;
        int read;
        try
        {
            read = _read.TakeResult();
        }
        catch (Exception ex) when (TimedOut(ex, cancellationToken))
        {
            OnTimeout();
            return;
        }
        catch (Exception ex) when (IsUpstreamFailure(ex, cancellationToken))
        {
            Fail(ex);
            return;
        }
        finally
        {
            await _callerRegistration.DisposeAsync().ConfigureAwait(false);
            _callerRegistration = default;
        }

        if ((wasZeroByte || read == 0) && TimerFiredUnder(cancellationToken))
        {
            // Cancelling a read shuts the upstream connection down, and a read caught in that reports 0 (EOF): the
            // timer's firing, not the upstream, ended it.
            OnTimeout();
            return;
        }

        if (wasZeroByte)
        {
            _upstreamReadable = true;
            return;
        }

        _upstreamReadable = false;

        if (read == 0)
        {
            ResetOutputIfDrained();
            _normalizer.Complete(_output);
            Finish(_normalizer.Report.Error);
            return;
        }

        _unreadStart = 0;
        _unreadEnd = read;
        NormalizeUnread();
    }

    /// <summary>
    /// Feeds the normalizer what is left of the last upstream read: all of it once client bytes have been produced,
    /// before that slice by slice until some are.
    /// </summary>
    private void NormalizeUnread()
    {
        ResetOutputIfDrained();
        while (_unreadEnd > _unreadStart)
        {
            var length = _producedOutput ? _unreadEnd - _unreadStart : Math.Min(FirstOutputSliceSize, _unreadEnd - _unreadStart);
            _normalizer.Write(_readBuffer.AsSpan(_unreadStart, length), _output);
            _unreadStart += length;
            _producedOutput |= Pending > 0;
            if (_normalizer.IsTerminated)
            {
                // The client's stream is complete; end it now rather than wait for an upstream that lingers after its terminal event.
                _unreadStart = _unreadEnd;
                Finish(_normalizer.Report.Error);
                break;
            }

            if (Pending > 0)
            {
                break;
            }
        }

        if (_unreadEnd == _unreadStart)
        {
            // Between reads a stream holds no buffer: a thousand open, mostly idle streams stay small.
            ArrayPool<byte>.Shared.Return(_readBuffer!);
            _readBuffer = null;
            _unreadStart = _unreadEnd = 0;
        }
    }

    /// <summary>Starts an upstream read into <see cref="_read"/>, which may outlive this pump (keepalives).</summary>
    private void StartRead(bool zeroByte, CancellationToken cancellationToken)
    {
        var token = cancellationToken;
        if (_timeouts is not null)
        {
            ArmTimer(_timeouts);
            token = _timer!.Token;
        }

        Memory<byte> target = Memory<byte>.Empty;
        if (!zeroByte)
        {
            _readBuffer ??= ArrayPool<byte>.Shared.Rent(ReadBufferSize);
            target = _readBuffer;
        }

        _pendingIsZeroByte = zeroByte;
        ValueTask<int> read;
        try
        {
            read = _upstream.ReadAsync(target, token);
        }
        catch (Exception ex)
        {
            read = ValueTask.FromException<int>(ex);
        }

        if (!read.IsCompleted && _timeouts is not null)
        {
            // Only a read that waits can be cancelled by a client abort; a token already cancelled runs this at once.
            // Unsafe: no ExecutionContext flows into the callback, which only cancels the timer source.
            _callerRegistration = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _timer);
        }

        _read.Start(read);
    }

    private void ArmTimer(StreamTimeouts timeouts)
    {
        if (_producedOutput)
        {
            if (_upstreamReadable && _timer is { IsCancellationRequested: false })
            {
                // The zero-byte read just before this one armed the period, and the data it waited for is there.
                return;
            }

            // Idle: a fresh period per read. TryReset fails only after the timer fired, so a new source is rare.
            if (_timer is null || !_timer.TryReset())
            {
                _timer?.Dispose();
                _timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeouts.TimeProvider);
            }

            _timer.CancelAfter(timeouts.Idle);
        }
        else if (!_firstTokenTimerArmed)
        {
            // First token: one period across all reads until the normalizer produces client bytes.
            _firstTokenTimerArmed = true;
            _timer = new CancellationTokenSource(timeouts.FirstToken, timeouts.TimeProvider);
        }
    }

    private void OnTimeout()
    {
        if (!_producedOutput && _waitingForFirstOutput)
        {
            // Nothing reached the client: leave the normalizer alone so the caller can answer with an error status.
            _firstTokenTimedOut = true;
            _finished = true;
            return;
        }

        var firstToken = !_producedOutput;
        ResetOutputIfDrained();
        _normalizer.Fail(new UpstreamFailure(UpstreamFailureKind.Timeout, firstToken ? FirstTokenTimeoutMessage : IdleTimeoutMessage), _output);
        Finish(firstToken ? "upstream first-token timeout" : "upstream idle timeout");
    }

    private void Fail(Exception exception)
    {
        ResetOutputIfDrained();
        _normalizer.Fail(new UpstreamFailure(UpstreamFailureKind.Transport, UpstreamFailureMessage), _output);
        Finish($"upstream body failed: {exception.GetType().Name}");
    }

    private void Finish(string? error)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        _observer?.OnCompleted(error);
    }

    private int Drain(Span<byte> destination)
    {
        var count = Math.Min(Pending, destination.Length);
        if (count == 0)
        {
            return 0;
        }

        _output.WrittenSpan.Slice(_outputOffset, count).CopyTo(destination);
        _outputOffset += count;
        if (Pending == 0)
        {
            _output.Release();
            _outputOffset = 0;
        }

        if (!_sentFirstByte)
        {
            _sentFirstByte = true;
            _observer?.OnFirstByte();
        }

        return count;
    }

    private void ResetOutputIfDrained()
    {
        if (Pending == 0)
        {
            _output.Clear();
            _outputOffset = 0;
        }
    }

    // Our timer fired and the caller did not cancel: however the upstream stream reports it, that is a timeout. A read
    // started just as the timer fired meets a connection already torn down (ObjectDisposedException).
    private bool TimedOut(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException
        && TimerFiredUnder(cancellationToken);

    private bool TimerFiredUnder(CancellationToken cancellationToken) =>
        _timer is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested;

    // A client abort or YARP's activity timeout cancels the token; only genuine upstream faults become error events.
    private static bool IsUpstreamFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested;
}
