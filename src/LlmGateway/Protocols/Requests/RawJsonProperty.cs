using System.Text;
using LlmGateway.Protocols.Json;

namespace LlmGateway.Protocols.Requests;

/// <summary>One property of a raw object: its name as written (maybe escaped) and its value.</summary>
internal readonly ref struct RawJsonProperty
{
    private readonly ReadOnlySpan<byte> _name;
    private readonly bool _nameEscaped;

    public RawJsonProperty(ReadOnlySpan<byte> name, bool nameEscaped, RawJson value)
    {
        _name = name;
        _nameEscaped = nameEscaped;
        Value = value;
    }

    public RawJson Value { get; }

    public bool NameEquals(ReadOnlySpan<byte> utf8) =>
        _nameEscaped ? JsonText.Unescape(_name) == Encoding.UTF8.GetString(utf8) : _name.SequenceEqual(utf8);

    public string Name => _nameEscaped ? JsonText.Unescape(_name) : Encoding.UTF8.GetString(_name);
}
