using System.Text.Json;

namespace LlmGateway.Protocols.Json;

/// <summary>
/// Reads, strictly and in one pass, a JSON object whose values are all strings, integers, <c>true</c>, <c>false</c>,
/// <c>null</c> or empty arrays: the shape of most stream events (deltas). Anything else (a nested object, a fraction,
/// an escaped property name) makes it report <see cref="FlatJsonToken.Unsupported"/>, and the caller reads the event
/// with <see cref="Utf8JsonReader"/> instead; so does invalid JSON, which that reader then rejects.
/// </summary>
public ref struct FlatJsonObjectReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private bool _started;
    private bool _sawProperty;

    public FlatJsonObjectReader(ReadOnlySpan<byte> data)
    {
        _data = data;
    }

    /// <summary>The next property (its unescaped name and value), the end of the object (and of the input), or unsupported.</summary>
    public FlatJsonToken Next(out ReadOnlySpan<byte> name, out JsonSlice value)
    {
        name = default;
        value = default;
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

    private void SkipWhitespace()
    {
        while (_position < _data.Length && _data[_position] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            _position++;
        }
    }
}

/// <summary>What <see cref="FlatJsonObjectReader.Next"/> found.</summary>
public enum FlatJsonToken
{
    Unsupported,
    Property,
    End,
}
