using System.Security.Cryptography;
using System.Text;
using LlmGateway.Configuration;

namespace LlmGateway.Transport.Edge;

/// <summary>
/// The keys the gateway accepts (<see cref="GatewayOptions.MasterKey"/> and <see cref="GatewayOptions.ApiKeys"/>, with
/// <c>env:</c> references resolved when the store is built), matched in constant time against SHA-256 digests. Part of a
/// <see cref="ConfigurationSnapshot"/>: a reload builds a new store.
/// </summary>
internal sealed class ApiKeyStore
{
    private readonly (byte[] Hash, CallerKey Caller)[] _keys;

    public ApiKeyStore(GatewayOptions gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var keys = new List<(byte[], CallerKey)>();
        if (!string.IsNullOrEmpty(gateway.MasterKey))
        {
            keys.Add((Hash(gateway.MasterKey), CallerKey.Master));
        }

        foreach (var apiKey in gateway.ApiKeys)
        {
            if (!KeyReference.TryResolve(apiKey.Key, out var value))
            {
                throw new InvalidOperationException($"The API key '{apiKey.Name}' has no value; validation should have refused it.");
            }

            keys.Add((Hash(value), CallerKey.FromOptions(apiKey)));
        }

        _keys = [.. keys];
    }

    /// <summary>False when no key is configured (the gateway is open).</summary>
    public bool IsRequired => _keys.Length > 0;

    /// <returns>The caller the key belongs to, or null for an unknown or empty key.</returns>
    public CallerKey? Identify(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        // Fixed-length digests keep each comparison independent of content and length, and every key is compared so the
        // time does not reveal which one matched. The master key comes first, so it wins should an API key repeat it.
        var digest = Hash(presented);
        CallerKey? match = null;
        foreach (var (hash, caller) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, hash))
            {
                match ??= caller;
            }
        }

        return match;
    }

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
