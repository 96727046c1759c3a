using System.Text.Json;

namespace LlmGateway.Protocols.Requests;

/// <summary>Walks the properties of a raw object in order (a <c>foreach</c> target).</summary>
internal ref struct RawJsonPropertyEnumerator
{
    private readonly ReadOnlySpan<byte> _object;
    private Utf8JsonReader _reader;
    private RawJsonProperty _current;

    public RawJsonPropertyEnumerator(ReadOnlySpan<byte> rawObject)
    {
        _object = rawObject;
        _reader = new Utf8JsonReader(rawObject);
        if (!rawObject.IsEmpty)
        {
            _reader.Read();
        }
    }

    public readonly RawJsonProperty Current => _current;

    public readonly RawJsonPropertyEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_object.IsEmpty || !_reader.Read() || _reader.TokenType != JsonTokenType.PropertyName)
        {
            return false;
        }

        var nameStart = (int)_reader.TokenStartIndex + 1;
        var name = _object.Slice(nameStart, _reader.ValueSpan.Length);
        var escaped = _reader.ValueIsEscaped;
        _reader.Read();
        var kind = _reader.TokenType;
        var start = (int)_reader.TokenStartIndex;
        _reader.Skip();
        _current = new RawJsonProperty(name, escaped, new RawJson(kind, _object[start..(int)_reader.BytesConsumed]));
        return true;
    }
}
