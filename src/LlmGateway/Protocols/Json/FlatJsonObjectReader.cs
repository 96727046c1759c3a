using System.Text.Json;

namespace LlmGateway.Protocols.Json;

/// <summary>
/// Reads, strictly and in one pass, a JSON object whose values are all strings, integers, <c>true</c>, <c>false</c>,
/// <c>null</c> or empty arrays: the shape of most stream events (deltas). Anything else (a nested object, a fraction,
/// an escaped property name) makes it report <see cref="FlatJsonToken.Unsupported"/>, and the caller reads the event
/// with <see cref="Utf8JsonReader"/> instead; so does invalid JSON, which that reader then rejects.
/// </summary>
/// <remarks>
/// A reader made with <c>allowNested</c> reports a nested object or non-empty array as <see cref="FlatJsonToken.Nested"/>
/// instead: the caller reads that value itself from <see cref="Position"/> and hands back its length
/// (<see cref="EndNested"/>), or lets <see cref="SkipNested"/> check and pass over it. Either way every byte is checked.
/// </remarks>
public ref struct FlatJsonObjectReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly bool _allowNested;
    private readonly bool _embedded;
    private int _position;
    private bool _started;
    private bool _sawProperty;
    private bool _inNested;
    private bool _ended;

    public FlatJsonObjectReader(ReadOnlySpan<byte> data, bool allowNested = false)
    {
        _data = data;
        _allowNested = allowNested;
    }

    /// <summary>
    /// A reader of the object that starts at <paramref name="start"/> inside a larger document: it ends at that object's
    /// closing brace (<see cref="Position"/> is then just past it), and its slices are positions in <paramref name="data"/>.
    /// </summary>
    public FlatJsonObjectReader(ReadOnlySpan<byte> data, int start, bool allowNested)
        : this(data, allowNested)
    {
        _position = start;
        _embedded = true;
    }

    /// <summary>Where the nested value <see cref="Next"/> just reported starts.</summary>
    public readonly int Position => _position;

    /// <summary>The caller has read the nested value at <see cref="Position"/>, <paramref name="length"/> bytes long.</summary>
    public void EndNested(int length)
    {
        if (!_inNested || length <= 0 || length > _data.Length - _position)
        {
            throw new InvalidOperationException("No nested value of that length is being read.");
        }

        _position += length;
        _inNested = false;
        _sawProperty = true;
    }

    /// <summary>
    /// Validates and passes over the nested value at <see cref="Position"/> (a flat object with a reader like this one,
    /// anything else with <see cref="Utf8JsonReader"/>); returns its slice. Invalid JSON throws <see cref="JsonException"/>.
    /// </summary>
    public JsonSlice SkipNested()
    {
        if (_inNested && _data[_position] == (byte)'{')
        {
            // A flat object (a chat delta) is checked by our own reader; anything deeper by Utf8JsonReader.
            var inner = new FlatJsonObjectReader(_data, _position, allowNested: false);
            FlatJsonToken token;
            while ((token = inner.Next(out _, out _)) == FlatJsonToken.Property)
            {
            }

            if (token == FlatJsonToken.End)
            {
                var start = _position;
                EndNested(inner.Position - start);
                return JsonSlice.Create(JsonTokenType.StartObject, start, inner.Position - start);
            }
        }

        var reader = new Utf8JsonReader(_data[_position..]);
        reader.Read();
        var type = reader.TokenType;
        reader.Skip();
        var slice = JsonSlice.Create(type, _position, (int)reader.BytesConsumed);
        EndNested((int)reader.BytesConsumed);
        return slice;
    }

    /// <summary>The next property (its unescaped name and value), the end of the object (and of the input), or unsupported.</summary>
    public FlatJsonToken Next(out ReadOnlySpan<byte> name, out JsonSlice value)
    {
        name = default;
        value = default;
        if (_inNested || _ended)
        {
            return FlatJsonToken.Unsupported; // the caller never finished the nested value, or the object is over
        }

        SkipWhitespace();
        if (!_started)
        {
            if (!TryConsume((byte)'{'))
            {
                return FlatJsonToken.Unsupported;
            }

            _started = true;
            SkipWhitespace();
        }

        if (TryConsume((byte)'}'))
        {
            if (_embedded)
            {
                _ended = true;
                return FlatJsonToken.End;
            }

            SkipWhitespace();
            return _position == _data.Length ? FlatJsonToken.End : FlatJsonToken.Unsupported;
        }

        if (_sawProperty)
        {
            if (!TryConsume((byte)','))
            {
                return FlatJsonToken.Unsupported;
            }

            SkipWhitespace();
        }

        if (!TryConsume((byte)'"') || !JsonStringScanner.TryFindEnd(_data[_position..], out var nameLength))
        {
            return FlatJsonToken.Unsupported;
        }

        name = _data.Slice(_position, nameLength);
        if (name.Contains((byte)'\\'))
        {
            return FlatJsonToken.Unsupported;
        }

        _position += nameLength + 1;
        SkipWhitespace();
        if (!TryConsume((byte)':'))
        {
            return FlatJsonToken.Unsupported;
        }

        SkipWhitespace();
        if (!TryReadValue(out value))
        {
            if (_allowNested && _position < _data.Length && _data[_position] is (byte)'{' or (byte)'[')
            {
                _inNested = true;
                value = JsonSlice.Create(_data[_position] == (byte)'{' ? JsonTokenType.StartObject : JsonTokenType.StartArray, _position, 0);
                return FlatJsonToken.Nested;
            }

            return FlatJsonToken.Unsupported;
        }

        _sawProperty = true;
        return FlatJsonToken.Property;
    }

    private bool TryReadValue(out JsonSlice value)
    {
        value = default;
        if (_position >= _data.Length)
        {
            return false;
        }

        var start = _position;
        switch (_data[_position])
        {
            case (byte)'"':
                if (!JsonStringScanner.TryFindEnd(_data[(start + 1)..], out var length))
                {
                    return false;
                }

                value = JsonSlice.Create(JsonTokenType.String, start + 1, length);
                _position = start + length + 2;
                return true;
            case (byte)'[':
                _position++;
                SkipWhitespace();
                if (!TryConsume((byte)']'))
                {
                    _position = start;
                    return false;
                }

                value = JsonSlice.Create(JsonTokenType.StartArray, start, _position - start);
                return true;
            case (byte)'t':
                return TryLiteral("true"u8, JsonTokenType.True, out value);
            case (byte)'f':
                return TryLiteral("false"u8, JsonTokenType.False, out value);
            case (byte)'n':
                return TryLiteral("null"u8, JsonTokenType.Null, out value);
            default:
                return TryInteger(out value);
        }
    }

    private bool TryLiteral(ReadOnlySpan<byte> literal, JsonTokenType type, out JsonSlice value)
    {
        value = default;
        if (!_data[_position..].StartsWith(literal))
        {
            return false;
        }

        value = JsonSlice.Create(type, _position, literal.Length);
        _position += literal.Length;
        return true;
    }

    // Fractions and exponents are left to the full reader.
    private bool TryInteger(out JsonSlice value)
    {
        value = default;
        if (!JsonIntegerScanner.TryFindEnd(_data[_position..], out var length))
        {
            return false;
        }

        value = JsonSlice.Create(JsonTokenType.Number, _position, length);
        _position += length;
        return true;
    }

    private bool TryConsume(byte expected)
    {
        if (_position < _data.Length && _data[_position] == expected)
        {
            _position++;
            return true;
        }

        return false;
    }

    /// <summary>The first position at or after <paramref name="position"/> that is not JSON white space.</summary>
    public static int SkipWhitespace(ReadOnlySpan<byte> data, int position)
    {
        while (position < data.Length && data[position] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            position++;
        }

        return position;
    }

    private void SkipWhitespace() => _position = SkipWhitespace(_data, _position);
}

/// <summary>What <see cref="FlatJsonObjectReader.Next"/> found.</summary>
public enum FlatJsonToken
{
    Unsupported,
    Property,
    End,

    /// <summary>A property whose value is an object or a non-empty array, starting at <see cref="FlatJsonObjectReader.Position"/>.</summary>
    Nested,
}
