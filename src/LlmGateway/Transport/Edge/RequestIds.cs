using System.Security.Cryptography;

namespace LlmGateway.Transport.Edge;

/// <summary>Creates request ids in Anthropic's <c>req_…</c> style; unguessable, so they are safe to show to clients.</summary>
internal static class RequestIds
{
    public static string Next() => "req_" + RandomNumberGenerator.GetHexString(24, lowercase: true);
}
