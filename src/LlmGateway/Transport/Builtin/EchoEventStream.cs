namespace LlmGateway.Transport.Builtin;

/// <summary>
/// A read-only stream that hands out pre-rendered SSE frames, waiting the word delay before each paced one.
/// Pull-based, so nothing runs in the background and a cancelled read simply stops the stream.
/// </summary>
internal sealed class EchoEventStream(IReadOnlyList<EchoFrame> frames, TimeSpan wordDelay, TimeProvider timeProvider) : Stream
{
    private ReadOnlyMemory<byte> _current;
    private int _next;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_current.IsEmpty)
        {
            if (_next >= frames.Count)
            {
                return 0;
            }

            var frame = frames[_next++];
            if (frame.Paced && wordDelay > TimeSpan.Zero)
            {
                await Task.Delay(wordDelay, timeProvider, cancellationToken).ConfigureAwait(false);
            }

            _current = frame.Bytes;
        }

        // A zero-byte read just waits for data, which is now there.
        var count = Math.Min(buffer.Length, _current.Length);
        _current[..count].CopyTo(buffer);
        _current = _current[count..];
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
