using System.Buffers;

namespace LlmGateway.Protocols.Sse;

/// <summary>
/// Incremental server-sent-events parser: accepts bytes split anywhere (inside a line, a CRLF pair or a UTF-8
/// character) and dispatches whole frames. Handles LF, CRLF and CR line endings, multi-line <c>data:</c>,
/// comments, a leading BOM, and a last frame that lacks its blank line at EOF. Between frames it holds no buffer, so
/// a thousand open, mostly idle streams stay small.
/// </summary>
public sealed class SseFramer : IDisposable
{
    private const int MinimumRent = 256;

    private byte[] _line = [];
    private int _lineLength;
    private byte[] _data = [];
    private int _dataLength;
    private bool _hasData;
    private byte[] _event = [];
    private int _eventLength;
    private bool _lastWasCr;
    private bool _atStart = true;

    /// <summary>Feeds bytes; calls <paramref name="handler"/> for each frame completed by them.</summary>
    public void Feed(ReadOnlySpan<byte> input, ISseFrameHandler handler)
    {
        if (_atStart && input.Length > 0)
        {
            input = SkipBom(input);
        }

        while (!input.IsEmpty)
        {
            if (_lastWasCr)
            {
                // A CR ended the previous line; an LF right after it belongs to the same terminator.
                _lastWasCr = false;
                if (input[0] == (byte)'\n')
                {
                    input = input[1..];
                    continue;
                }
            }

            var end = input.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0)
            {
                Append(ref _line, ref _lineLength, input);
                return;
            }

            if (_lineLength == 0)
            {
                ProcessLine(input[..end], handler);
            }
            else
            {
                Append(ref _line, ref _lineLength, input[..end]);
                ProcessLine(_line.AsSpan(0, _lineLength), handler);
                _lineLength = 0;
            }

            _lastWasCr = input[end] == (byte)'\r';
            input = input[(end + 1)..];
        }

        if (_lineLength == 0 && !_hasData && _eventLength == 0)
        {
            // Between frames: nothing to keep.
            ReturnBuffers();
        }
    }

    /// <summary>The input ended: dispatches a pending line and frame (sloppy servers omit the final blank line).</summary>
    public void Finish(ISseFrameHandler handler)
    {
        if (_lineLength > 0)
        {
            ProcessLine(_line.AsSpan(0, _lineLength), handler);
            _lineLength = 0;
        }

        Dispatch(handler);
    }

    public void Dispose() => ReturnBuffers();

    private void ReturnBuffers()
    {
        Return(ref _line);
        Return(ref _data);
        Return(ref _event);
    }

    private ReadOnlySpan<byte> SkipBom(ReadOnlySpan<byte> input)
    {
        // The BOM may itself arrive split; keep it in the line buffer until it is whole or disproved.
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        while (!input.IsEmpty && _lineLength < 3)
        {
            if (input[0] != bom[_lineLength])
            {
                _atStart = false;
                return input;
            }

            Append(ref _line, ref _lineLength, input[..1]);
            input = input[1..];
        }

        if (_lineLength == 3)
        {
            _lineLength = 0;
            _atStart = false;
        }

        return input;
    }

    private void ProcessLine(ReadOnlySpan<byte> line, ISseFrameHandler handler)
    {
        if (_atStart)
        {
            // A partial BOM turned out not to be one: those bytes are ordinary line content.
            _atStart = false;
        }

        if (line.IsEmpty)
        {
            Dispatch(handler);
            return;
        }

        if (line[0] == (byte)':')
        {
            return; // comment
        }

        ReadOnlySpan<byte> field;
        ReadOnlySpan<byte> value;
        var colon = line.IndexOf((byte)':');
        if (colon < 0)
        {
            field = line;
            value = default;
        }
        else
        {
            field = line[..colon];
            value = line[(colon + 1)..];
            if (!value.IsEmpty && value[0] == (byte)' ')
            {
                value = value[1..];
            }
        }

        if (field.SequenceEqual("data"u8))
        {
            if (_hasData)
            {
                Append(ref _data, ref _dataLength, "\n"u8);
            }

            Append(ref _data, ref _dataLength, value);
            _hasData = true;
        }
        else if (field.SequenceEqual("event"u8))
        {
            _eventLength = 0;
            Append(ref _event, ref _eventLength, value.Trim((byte)' '));
        }

        // id:, retry: and unknown fields carry nothing the gateway needs.
    }

    private void Dispatch(ISseFrameHandler handler)
    {
        if (_hasData)
        {
            handler.OnFrame(_event.AsSpan(0, _eventLength), _data.AsSpan(0, _dataLength));
        }

        _hasData = false;
        _dataLength = 0;
        _eventLength = 0;
    }

    private static void Append(ref byte[] buffer, ref int length, ReadOnlySpan<byte> bytes)
    {
        if (length + bytes.Length > buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(Math.Max(buffer.Length * 2, MinimumRent), length + bytes.Length));
            buffer.AsSpan(0, length).CopyTo(bigger);
            Return(ref buffer);
            buffer = bigger;
        }

        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }

    private static void Return(ref byte[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
        }
    }
}
