using System.Buffers;
using LlmGateway.Protocols;

namespace LlmGateway.Transport.Streaming;

/// <summary>
/// Read-side decorator over the upstream response body: every read returns normalized client bytes.
/// YARP keeps owning the copy loop (idle timeout, abort handling, telemetry); this stream only transforms.
/// An upstream transport failure becomes the protocol's error event followed by EOF, so the client never sees a
/// stream that merely stops and looks complete.
/// </summary>
internal sealed class NormalizingReadStream : Stream
{
    private const int ReadBufferSize = 16 * 1024;
    private const string UpstreamFailureMessage = "The upstream connection failed while streaming the response.";

    private readonly Stream _upstream;
    private readonly IResponseNormalizer _normalizer;
    private readonly IResponseBodyObserver? _observer;
    private readonly PooledBufferWriter _output = new();
    private byte[]? _readBuffer;
    private int _outputOffset;
    private bool _finished;
    private bool _sentFirstByte;
    private bool _disposed;

    public NormalizingReadStream(Stream upstream, IResponseNormalizer normalizer, IResponseBodyObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(normalizer);
        _upstream = upstream;
        _normalizer = normalizer;
        _observer = observer;
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

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        if (buffer.IsEmpty)
        {
            // Zero-byte read: wait for upstream data without holding a buffer (YARP's StreamCopier idles this way).
            if (Pending == 0 && !_finished)
            {
                await WaitForUpstreamAsync(cancellationToken).ConfigureAwait(false);
            }

            return 0;
        }

        // Returning 0 means EOF, so keep pulling until the normalizer has produced something or the body is over.
        while (Pending == 0 && !_finished)
        {
            await FillAsync(cancellationToken).ConfigureAwait(false);
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
            _upstream.Dispose();
            _output.Dispose();
            if (_readBuffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_readBuffer);
                _readBuffer = null;
            }
        }

        base.Dispose(disposing);
    }

    private async ValueTask WaitForUpstreamAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _upstream.ReadAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUpstreamFailure(ex, cancellationToken))
        {
            // The next real read hands out the error event.
            Fail(ex);
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        _readBuffer ??= ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        int read;
        try
        {
            read = await _upstream.ReadAsync(_readBuffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUpstreamFailure(ex, cancellationToken))
        {
            Fail(ex);
            return;
        }

        if (read == 0)
        {
            ResetOutputIfDrained();
            _normalizer.Complete(_output);
            Finish(_normalizer.Report.Error);
            return;
        }

        ResetOutputIfDrained();
        _normalizer.Write(_readBuffer.AsSpan(0, read), _output);
        if (_normalizer.IsTerminated)
        {
            // The client's stream is complete; end it now rather than wait for an upstream that lingers after its terminal event.
            Finish(_normalizer.Report.Error);
        }
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

    // A client abort or YARP's activity timeout cancels the token; only genuine upstream faults become error events.
    private static bool IsUpstreamFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested;
}
