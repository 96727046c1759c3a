using System.Security.Cryptography;
using LlmGateway.Hosting;

namespace LlmGateway.Tests.Hosting;

public sealed class DeferredDataProtectionProviderTests
{
    [Fact]
    public void Protectors_RoundTrip_OnceFirstUsed()
    {
        var provider = new DeferredDataProtectionProvider();
        var protector = provider.CreateProtector("affinity").CreateProtector("cookie");

        var protectedBytes = protector.Protect([1, 2, 3]);

        Assert.NotEqual([1, 2, 3], protectedBytes);
        Assert.Equal([1, 2, 3], protector.Unprotect(protectedBytes));
    }

    [Fact]
    public void DifferentPurposes_CannotReadEachOthersData()
    {
        var provider = new DeferredDataProtectionProvider();
        var protectedBytes = provider.CreateProtector("a").CreateProtector("b").Protect([7]);

        Assert.ThrowsAny<CryptographicException>(() => provider.CreateProtector("a").CreateProtector("c").Unprotect(protectedBytes));
        Assert.ThrowsAny<CryptographicException>(() => provider.CreateProtector("a").Unprotect(protectedBytes));
        Assert.Equal([7], provider.CreateProtector("a").CreateProtector("b").Unprotect(protectedBytes));
    }
}
