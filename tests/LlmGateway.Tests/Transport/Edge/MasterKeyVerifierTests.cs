using LlmGateway.Configuration;
using LlmGateway.Transport.Edge;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Transport.Edge;

public sealed class MasterKeyVerifierTests
{
    [Fact]
    public void Verify_AcceptsOnlyTheExactKey()
    {
        var verifier = Create("sk-ünïcode-key");

        Assert.True(verifier.IsRequired);
        Assert.True(verifier.Verify("sk-ünïcode-key"));
        Assert.False(verifier.Verify("sk-unicode-key"));
        Assert.False(verifier.Verify("sk-ünïcode-key "));
        Assert.False(verifier.Verify("SK-ÜNÏCODE-KEY"));
        Assert.False(verifier.Verify(""));
        Assert.False(verifier.Verify(null));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void NoMasterKey_IsNotRequired_AndVerifiesNothing(string? key)
    {
        var verifier = Create(key);

        Assert.False(verifier.IsRequired);
        Assert.False(verifier.Verify(""));
        Assert.False(verifier.Verify("anything"));
    }

    private static MasterKeyVerifier Create(string? key) => new(Options.Create(new GatewayOptions { MasterKey = key }));
}
