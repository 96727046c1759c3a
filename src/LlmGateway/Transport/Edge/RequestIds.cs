namespace LlmGateway.Transport.Edge;

/// <summary>
/// Creates request ids in Anthropic's <c>req_…</c> style: 96 random bits, so they do not collide. They name a request
/// in logs and support tickets and guard nothing, so a fast non-cryptographic source serves (the cryptographic one
/// costs a system call per id).
/// </summary>
internal static class RequestIds
{
    public static string Next() => "req_" + Random.Shared.GetHexString(24, lowercase: true);
}
