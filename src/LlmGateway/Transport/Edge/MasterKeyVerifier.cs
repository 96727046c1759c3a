using System.Security.Cryptography;
using System.Text;
using LlmGateway.Configuration;
using Microsoft.Extensions.Options;

namespace LlmGateway.Transport.Edge;

/// <summary>Checks a presented key against <see cref="GatewayOptions.MasterKey"/> in constant time.</summary>
internal sealed class MasterKeyVerifier
{
    private readonly byte[]? _expectedHash;

    public MasterKeyVerifier(IOptions<GatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = options.Value.MasterKey;
        _expectedHash = string.IsNullOrEmpty(key) ? null : Hash(key);
    }

    /// <summary>False when no master key is configured (the gateway is open).</summary>
    public bool IsRequired => _expectedHash is not null;

    public bool Verify(string? presented)
    {
        if (_expectedHash is null || string.IsNullOrEmpty(presented))
        {
            return false;
        }

        // Comparing fixed-length digests of the UTF-8 bytes keeps the time independent of both content and length.
        return CryptographicOperations.FixedTimeEquals(Hash(presented), _expectedHash);
    }

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
