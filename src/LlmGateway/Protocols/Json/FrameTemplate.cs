using System.Buffers;
using System.Runtime.CompilerServices;

namespace LlmGateway.Protocols.Json;

/// <summary>
/// The last event of a run of like events, kept so the next one can be read by comparison instead of by parsing.
/// Streams repeat one frame with a few values changed (a delta's text, a sequence number, an obfuscation pad): the
/// decoder that parsed a frame records it with those values as holes, and a later frame matches when every byte outside
/// the holes is equal and each hole holds a valid value of the same kind (a string's escaped content, or an integer).
/// Such a frame is valid JSON with the template's structure and the template's values everywhere else, so the decoder's
/// fields for it are the template's fields moved by <see cref="Map"/>.
/// </summary>
internal sealed class FrameTemplate : IDisposable
{
    public const int MaxHoles = 4;

    /// <summary>Larger frames (whole responses, long tool arguments) are rare in a run and not worth a copy.</summary>
    public const int MaxLength = 1024;

    /// <summary>Longest pause between recordings, in frames, when templates keep missing.</summary>
    private const int MaxSkip = 63;

    private byte[]? _bytes;
    private int _length;
    private Holes _holes;
    private int _holeCount;

    // Some servers change a value no decoder makes a hole of on every event (an item id, a timestamp): no template of
    // theirs ever matches. From the fourth miss in a row on, each miss doubles the frames let pass before the next
    // recording, so such a stream pays for a copy only now and then; a few misses (a run of deltas ending) cost nothing,
    // and a match starts over.
    private int _misses;
    private int _skip;

    public bool IsRecorded => _length > 0;

    public void Clear() => _length = 0;

    /// <summary>
    /// Keeps <paramref name="frame"/> with <paramref name="holes"/> (string or integer slices of it, in any order) as the
    /// template; false, and no template, when the frame is too long, there are too many holes or one is of another kind.
    /// </summary>
    public bool Record(ReadOnlySpan<byte> frame, ReadOnlySpan<JsonSlice> holes)
    {
        _length = 0;
        if (_skip > 0)
        {
            _skip--;
            return false;
        }

        if (frame.IsEmpty || frame.Length > MaxLength || holes.Length > MaxHoles)
        {
            return false;
        }

        for (var i = 0; i < holes.Length; i++)
        {
            var hole = holes[i];
            if (!(hole.IsString || (hole.IsNumber && hole.IsInteger(frame))) || hole.Start + hole.Length > frame.Length)
            {
                return false;
            }

            // Insertion into start order; slices of distinct values never overlap.
            var j = i;
            while (j > 0 && _holes[j - 1].Start > hole.Start)
            {
                _holes[j] = _holes[j - 1];
                j--;
            }

            _holes[j] = hole;
        }

        if (_bytes is null || _bytes.Length < frame.Length)
        {
            if (_bytes is not null)
            {
                ArrayPool<byte>.Shared.Return(_bytes);
            }

            _bytes = ArrayPool<byte>.Shared.Rent(Math.Max(frame.Length, 256));
        }

        frame.CopyTo(_bytes);
        _holeCount = holes.Length;
        _length = frame.Length;
        return true;
    }

    /// <summary>
    /// True when <paramref name="frame"/> is the template with other valid values in its holes; <paramref name="values"/>
    /// (at least <see cref="MaxHoles"/> long) then holds each hole's value in <paramref name="frame"/>, in start order.
    /// A frame that does not match drops the template.
    /// </summary>
    public bool TryMatch(ReadOnlySpan<byte> frame, Span<JsonSlice> values)
    {
        if (_length == 0)
        {
            return false;
        }

        var template = _bytes.AsSpan(0, _length);
        var templateAt = 0;
        var frameAt = 0;
        for (var i = 0; i < _holeCount; i++)
        {
            var hole = _holes[i];
            var literal = template[templateAt..hole.Start];
            if (!frame[frameAt..].StartsWith(literal))
            {
                return Miss();
            }

            frameAt += literal.Length;
            int length;
            if (hole.IsString)
            {
                if (!JsonStringScanner.TryFindEnd(frame[frameAt..], out length))
                {
                    return Miss();
                }
            }
            else if (!JsonIntegerScanner.TryFindEnd(frame[frameAt..], out length))
            {
                return Miss();
            }

            values[i] = JsonSlice.Create(hole.TokenType, frameAt, length);
            frameAt += length;
            templateAt = hole.Start + hole.Length;
        }

        if (!frame[frameAt..].SequenceEqual(template[templateAt..]))
        {
            return Miss();
        }

        _misses = 0;
        return true;
    }

    /// <summary>The template is dropped, and the next recordings wait the longer the more templates missed in a row.</summary>
    private bool Miss()
    {
        _length = 0;
        _misses = Math.Min(_misses + 1, 9);
        _skip = _misses < 4 ? 0 : Math.Min((1 << (_misses - 3)) - 1, MaxSkip);
        return false;
    }

    /// <summary>
    /// Where a value of the template sits in the frame that matched it: a hole's slice becomes its new value, any other
    /// slice moves by how much the holes before it grew or shrank, and an object or array grows or shrinks with the holes
    /// inside it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public JsonSlice Map(JsonSlice slice, ReadOnlySpan<JsonSlice> values) => slice.Exists ? MapPresent(slice, values) : slice;

    private JsonSlice MapPresent(JsonSlice slice, ReadOnlySpan<JsonSlice> values)
    {
        var shift = 0;
        var growth = 0;
        var end = slice.Start + slice.Length;
        for (var i = 0; i < _holeCount; i++)
        {
            var hole = _holes[i];
            if (hole.Start == slice.Start && hole.TokenType == slice.TokenType)
            {
                return values[i]; // the hole itself, also when it was empty (and so ends where it starts)
            }

            if (hole.Start >= end)
            {
                break;
            }

            var change = values[i].Length - hole.Length;
            if (hole.Start < slice.Start)
            {
                shift += change;
            }
            else
            {
                growth += change;
            }
        }

        return JsonSlice.Create(slice.TokenType, slice.Start + shift, slice.Length + growth);
    }

    public void Dispose()
    {
        _length = 0;
        if (_bytes is not null)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = null;
        }
    }

    [InlineArray(MaxHoles)]
    private struct Holes
    {
        private JsonSlice _first;
    }
}
