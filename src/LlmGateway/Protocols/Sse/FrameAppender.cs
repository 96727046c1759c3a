using System.Buffers;
using System.Buffers.Text;

namespace LlmGateway.Protocols.Sse;

/// <summary>
/// Appends the pieces of one SSE frame straight to the output, for the per-delta events whose shape never changes:
/// the same bytes <see cref="SseFrameWriter"/>'s <see cref="System.Text.Json.Utf8JsonWriter"/> would write, at a
/// fraction of its cost. Every piece must already be JSON text (escaped string content is copied as it came).
/// </summary>
public ref struct FrameAppender
{
    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _written;

    /// <param name="sizeHint">The frame's expected length, so it usually lands in one span of the output.</param>
    public FrameAppender(IBufferWriter<byte> output, int sizeHint)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _span = output.GetSpan(sizeHint);
        _written = 0;
    }

    public void Append(scoped ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_span[_written..]);
        _written += bytes.Length;
    }

    /// <summary>A JSON number, formatted as <see cref="System.Text.Json.Utf8JsonWriter.WriteNumberValue(long)"/> does.</summary>
    public void Append(long value)
    {
        Ensure(20);
        Utf8Formatter.TryFormat(value, _span[_written..], out var written);
        _written += written;
    }

    /// <summary>Commits the frame to the output.</summary>
    public void Complete()
    {
        _output.Advance(_written);
        _written = 0;
        _span = default;
    }

    private void Ensure(int count)
    {
        if (_span.Length - _written < count)
        {
            _output.Advance(_written);
            _written = 0;
            _span = _output.GetSpan(count);
        }
    }
}
