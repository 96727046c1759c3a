namespace LlmGateway.Tests.Transport.Streaming;

/// <summary>An upstream body that returns scripted chunks, then EOF or an exception; records zero-byte reads.</summary>
internal sealed class ScriptedStream(IEnumerable<byte[]> chunks, Exception? failure = null) : ReadOnlyTestStream
{
    private readonly Queue<byte[]> _chunks = new(chunks);

    /// <summary>Lets a read fail with the scripted exception even though its token is cancelled (as a socket abort would).</summary>
    public bool IgnoreCancellation { get; init; }

    public int ZeroByteReads { get; private set; }

    public int Reads { get; private set; }

    public bool Disposed { get; private set; }

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

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
