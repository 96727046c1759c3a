namespace LlmGateway.Protocols.Json;

/// <summary>
/// Random ids in the style of each API (<c>msg_…</c>, <c>resp_…</c>, <c>toolu_…</c>): about 143 random bits, unique
/// without coordination. They name things and guard nothing, so a fast non-cryptographic source serves.
/// </summary>
public static class IdGenerator
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    public static string New(string prefix, int length = 24)
    {
        return string.Create(prefix.Length + length, prefix, static (span, p) =>
        {
            p.AsSpan().CopyTo(span);
            Random.Shared.GetItems(Alphabet, span[p.Length..]);
        });
    }
}
