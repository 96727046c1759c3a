using System.Threading.Channels;

namespace LlmGateway.Tests.Transport.Streaming;

/// <summary>An upstream body fed by the test while it runs: reads wait for pushed chunks and honour their token, as a socket's would.</summary>
internal sealed class ChannelStream : ReadOnlyTestStream
{
    private readonly Channel<byte[]> _chunks = Channel.CreateUnbounded<byte[]>();

    /// <summary>Set when a read ended because its token was cancelled.</summary>
    public bool ReadCancelled { get; private set; }

    public void Push(string text) => _chunks.Writer.TryWrite(System.Text.Encoding.UTF8.GetBytes(text));

    public void End() => _chunks.Writer.TryComplete();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await _chunks.Reader.WaitToReadAsync(cancellationToken))
            {
                return 0;
            }
        }
        catch (OperationCanceledException)
        {
            ReadCancelled = true;
            throw;
        }

        if (buffer.IsEmpty)
        {
            return 0;
        }

        var chunk = await _chunks.Reader.ReadAsync(cancellationToken);
        chunk.CopyTo(buffer);
        return chunk.Length;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
