namespace LlmGateway.Protocols.Json;

/// <summary>
/// The JSON-escaped UTF-8 form of a string that every event of a response repeats (an item id, a model name),
/// encoded again only when the string changes.
/// </summary>
public sealed class EncodedString
{
    private string? _source;
    private byte[] _encoded = [];

    /// <summary>The escaped content of <paramref name="value"/> without quotes, as the encoders' JSON writers escape it.</summary>
    public ReadOnlySpan<byte> Get(string value)
    {
        if (!ReferenceEquals(value, _source))
        {
            _encoded = JsonText.Escape(value);
            _source = value;
        }

        return _encoded;
    }
}
