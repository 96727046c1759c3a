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

    /// <summary>A line reassembled in the line buffer rather than read straight from the input.</summary>
    private const int NotInSource = -1;

    private byte[] _line = [];
    private int _lineLength;
    private byte[] _data = [];
    private int _dataLength;
    private bool _hasData;
    private byte[] _event = [];
    private int _eventLength;
    private bool _lastWasCr;
    private bool _atStart = true;

    // A frame that begins and ends within one input (the usual case) is dispatched from the input itself: its data and
    // event name are kept as ranges of that input and copied into the buffers above only if the input ends first.
    private Range? _borrowedData;
    private Range? _borrowedEvent;

    /// <summary>Feeds bytes; calls <paramref name="handler"/> for each frame completed by them.</summary>
    public void Feed(ReadOnlySpan<byte> input, ISseFrameHandler handler)
    {
        if (_atStart && input.Length > 0)
        {
            input = SkipBom(input);
        }

        var source = input;
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
                break;
            }

            if (_lineLength == 0)
            {
                ProcessLine(input[..end], source.Length - input.Length, source, handler);
            }
            else
            {
                Append(ref _line, ref _lineLength, input[..end]);
                ProcessLine(_line.AsSpan(0, _lineLength), NotInSource, source, handler);
                _lineLength = 0;
            }

            _lastWasCr = input[end] == (byte)'\r';
            input = input[(end + 1)..];
        }

        // The input is the caller's and gone after this call: a frame still open keeps its own copy.
        CopyBorrowed(source);
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
            ProcessLine(_line.AsSpan(0, _lineLength), NotInSource, default, handler);
            _lineLength = 0;
        }

        Dispatch(handler, default);
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

    /// <param name="lineStart">Where <paramref name="line"/> starts in <paramref name="source"/>, or <see cref="NotInSource"/> when it was reassembled in the line buffer.</param>
    private void ProcessLine(ReadOnlySpan<byte> line, int lineStart, ReadOnlySpan<byte> source, ISseFrameHandler handler)
    {
        if (_atStart)
        {
            // A partial BOM turned out not to be one: those bytes are ordinary line content.
            _atStart = false;
        }

        if (line.IsEmpty)
        {
            Dispatch(handler, source);
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
            if (!_hasData && lineStart != NotInSource)
            {
                // The value is the line's tail.
                var valueStart = lineStart + line.Length - value.Length;
                _borrowedData = valueStart..(valueStart + value.Length);
            }
            else
            {
                CopyBorrowedData(source);
                if (_hasData)
                {
                    Append(ref _data, ref _dataLength, "\n"u8);
                }

                Append(ref _data, ref _dataLength, value);
            }

            _hasData = true;
        }
        else if (field.SequenceEqual("event"u8))
        {
            var name = value.Trim((byte)' ');
            _eventLength = 0;
            _borrowedEvent = null;
            if (lineStart != NotInSource)
            {
                var nameStart = lineStart + line.Length - value.TrimStart((byte)' ').Length;
                _borrowedEvent = nameStart..(nameStart + name.Length);
            }
            else
            {
                Append(ref _event, ref _eventLength, name);
            }
        }

        // id:, retry: and unknown fields carry nothing the gateway needs.
    }

    private void Dispatch(ISseFrameHandler handler, ReadOnlySpan<byte> source)
    {
        if (_hasData)
        {
            var eventName = _borrowedEvent is { } eventRange ? source[eventRange] : _event.AsSpan(0, _eventLength);
            var data = _borrowedData is { } dataRange ? source[dataRange] : _data.AsSpan(0, _dataLength);
            handler.OnFrame(eventName, data);
        }

        _hasData = false;
        _dataLength = 0;
        _eventLength = 0;
        _borrowedData = null;
        _borrowedEvent = null;
    }

    private void CopyBorrowed(ReadOnlySpan<byte> source)
    {
        CopyBorrowedData(source);
        if (_borrowedEvent is { } eventRange)
        {
            _eventLength = 0;
            Append(ref _event, ref _eventLength, source[eventRange]);
            _borrowedEvent = null;
        }
    }

    private void CopyBorrowedData(ReadOnlySpan<byte> source)
    {
        if (_borrowedData is { } dataRange)
        {
            _dataLength = 0;
            Append(ref _data, ref _dataLength, source[dataRange]);
            _borrowedData = null;
        }
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
