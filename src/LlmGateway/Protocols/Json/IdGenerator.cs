using System.Security.Cryptography;

namespace LlmGateway.Protocols.Json;

/// <summary>Random ids in the style of each API (<c>msg_…</c>, <c>resp_…</c>, <c>toolu_…</c>).</summary>
public static class IdGenerator
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    public static string New(string prefix, int length = 24)
    {
        return string.Create(prefix.Length + length, prefix, static (span, p) =>
        {
            p.AsSpan().CopyTo(span);
            RandomNumberGenerator.GetItems(Alphabet, span[p.Length..]);
        });
    }
}
