namespace LlmGateway.Tests.Transport.Streaming;

/// <summary>An upstream body that returns scripted chunks, then EOF or an exception; records zero-byte reads.</summary>
internal sealed class ScriptedStream(IEnumerable<byte[]> chunks, Exception? failure = null) : Stream
{
    private readonly Queue<byte[]> _chunks = new(chunks);

    /// <summary>Lets a read fail with the scripted exception even though its token is cancelled (as a socket abort would).</summary>
    public bool IgnoreCancellation { get; init; }

    public int ZeroByteReads { get; private set; }

    public int Reads { get; private set; }

    public bool Disposed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!IgnoreCancellation)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (buffer.IsEmpty)
        {
            ZeroByteReads++;
            return ValueTask.FromResult(0);
        }

        Reads++;
        if (_chunks.Count == 0)
        {
            return failure is null ? ValueTask.FromResult(0) : ValueTask.FromException<int>(failure);
        }

        var chunk = _chunks.Dequeue();
        if (chunk.Length > buffer.Length)
        {
            throw new InvalidOperationException("Test chunk larger than the read buffer.");
        }

        chunk.CopyTo(buffer);
        return ValueTask.FromResult(chunk.Length);
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
