using System.Net;
using Microsoft.Extensions.Options;

namespace LlmGateway.Configuration;

/// <summary>
/// Refuses an open gateway on the network: with no <see cref="GatewayOptions.MasterKey"/> and no
/// <see cref="GatewayOptions.ApiKeys"/>, every listen address must be
/// loopback unless <see cref="GatewayOptions.AllowAnonymous"/> says otherwise. Upstream keys would be usable by anyone.
/// </summary>
internal sealed class ListenAddressValidator(IConfiguration configuration) : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(options.MasterKey) || options.ApiKeys.Count > 0 || options.AllowAnonymous)
        {
            return ValidateOptionsResult.Success;
        }

        var exposed = ListenAddresses.Read(configuration).FirstOrDefault(address => !IsLoopback(address));
        return exposed is null
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{GatewayOptions.SectionName}:MasterKey: is required when listening on the non-loopback address '{exposed}'; " +
                $"set it (e.g. Gateway__MasterKey), configure {GatewayOptions.SectionName}:ApiKeys, or set {GatewayOptions.SectionName}:AllowAnonymous to true.");
    }

    internal static bool IsLoopback(string address)
    {
        var value = address.Trim();
        var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
        var hostStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
        var rest = value[hostStart..];
        if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("pipe:", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        string host;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? rest : rest[1..close];
        }
        else
        {
            var end = rest.IndexOfAny([':', '/']);
            host = end < 0 ? rest : rest[..end];
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // '*', '+', '0.0.0.0', '::' and every real host name or address are reachable from elsewhere.
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }
}
