using Microsoft.AspNetCore.DataProtection;

namespace LlmGateway.Hosting;

/// <summary>
/// The Data Protection provider YARP asks for (its session-affinity cookies), with an in-memory key ring created only at
/// the first protect or unprotect. The gateway configures no session affinity, so that never comes, and the process
/// does not load the XML stack (about 4 MB resident) or generate a key it never uses.
/// </summary>
internal sealed class DeferredDataProtectionProvider : IDataProtectionProvider
{
    private readonly Lazy<IDataProtectionProvider> _provider = new(static () => new EphemeralDataProtectionProvider());

    public IDataProtector CreateProtector(string purpose)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        return new DeferredProtector(_provider, [purpose]);
    }

    private sealed class DeferredProtector(Lazy<IDataProtectionProvider> provider, string[] purposes) : IDataProtector
    {
        private IDataProtector? _protector;

        private IDataProtector Protector => _protector ??= provider.Value.CreateProtector(purposes[0], purposes[1..]);

        public IDataProtector CreateProtector(string purpose)
        {
            ArgumentNullException.ThrowIfNull(purpose);
            return new DeferredProtector(provider, [.. purposes, purpose]);
        }

        public byte[] Protect(byte[] plaintext) => Protector.Protect(plaintext);

        public byte[] Unprotect(byte[] protectedData) => Protector.Unprotect(protectedData);
    }
}
