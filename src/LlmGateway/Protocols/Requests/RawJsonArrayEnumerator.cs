using System.Text.Json;

namespace LlmGateway.Protocols.Requests;

/// <summary>Walks the elements of a raw array in order (a <c>foreach</c> target).</summary>
internal ref struct RawJsonArrayEnumerator
{
    private readonly ReadOnlySpan<byte> _array;
    private Utf8JsonReader _reader;
    private RawJson _current;

    public RawJsonArrayEnumerator(ReadOnlySpan<byte> rawArray)
    {
        _array = rawArray;
        _reader = new Utf8JsonReader(rawArray);
        if (!rawArray.IsEmpty)
        {
            _reader.Read();
        }
    }

    public readonly RawJson Current => _current;

    public readonly RawJsonArrayEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_array.IsEmpty || !_reader.Read() || _reader.TokenType == JsonTokenType.EndArray)
        {
            return false;
        }

        var kind = _reader.TokenType;
        var start = (int)_reader.TokenStartIndex;
        _reader.Skip();
        _current = new RawJson(kind, _array[start..(int)_reader.BytesConsumed]);
        return true;
    }
}
