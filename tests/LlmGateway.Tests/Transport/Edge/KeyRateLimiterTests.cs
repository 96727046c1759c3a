using LlmGateway.Configuration;
using LlmGateway.Transport.Edge;

namespace LlmGateway.Tests.Transport.Edge;

/// <summary>Limits within one window only; nothing here waits for a window to reset.</summary>
public sealed class KeyRateLimiterTests : IDisposable
{
    private readonly KeyRateLimiter _limiter = new();

    public void Dispose() => _limiter.Dispose();

    [Fact]
    public void RequestsPerMinute_RefusesOnceSpent_PerKey()
    {
        var a = Caller("a", "sk-a", requestsPerMinute: 2);
        var b = Caller("b", "sk-b", requestsPerMinute: 2);

        Assert.Null(_limiter.TryAdmit(a));
        Assert.Null(_limiter.TryAdmit(a));
        var refusal = _limiter.TryAdmit(a);
        Assert.NotNull(refusal);
        Assert.Equal("2 requests per minute", refusal.Limit);
        Assert.InRange(refusal.RetryAfter, TimeSpan.FromTicks(1), TimeSpan.FromMinutes(1));
        Assert.Null(_limiter.TryAdmit(b));
    }

    [Fact]
    public void TokensPerMinute_RefusesAfterACharge_EvenOneLargerThanTheBudget()
    {
        var caller = Caller("t", "sk-t", tokensPerMinute: 10);

        Assert.Null(_limiter.TryAdmit(caller));
        _limiter.ChargeTokens(caller, 4);
        Assert.Null(_limiter.TryAdmit(caller));
        _limiter.ChargeTokens(caller, 100);

        Assert.Equal("10 tokens per minute", _limiter.TryAdmit(caller)?.Limit);
    }

    [Fact]
    public void TokenRefusal_DoesNotSpendARequestPermit()
    {
        var caller = Caller("both", "sk-both", requestsPerMinute: 1, tokensPerMinute: 1);
        _limiter.ChargeTokens(caller, 1);

        Assert.Equal("1 tokens per minute", _limiter.TryAdmit(caller)?.Limit);
        Assert.Equal("1 tokens per minute", _limiter.TryAdmit(caller)?.Limit);
    }

    [Fact]
    public void MasterAndUnlimitedKeys_AreNeverRefused()
    {
        var unlimited = Caller("free", "sk-free");

        for (var i = 0; i < 50; i++)
        {
            _limiter.ChargeTokens(CallerKey.Master, 1_000_000);
            _limiter.ChargeTokens(unlimited, 1_000_000);
            Assert.Null(_limiter.TryAdmit(CallerKey.Master));
            Assert.Null(_limiter.TryAdmit(unlimited));
        }
    }

    [Fact]
    public void ChangedLimit_AfterAReload_AppliesAtOnce_WhileAnUnchangedOneKeepsItsWindow()
    {
        var before = Caller("grows", "sk-g", requestsPerMinute: 1);
        var steady = Caller("steady", "sk-s", requestsPerMinute: 1);
        Assert.Null(_limiter.TryAdmit(before));
        Assert.Null(_limiter.TryAdmit(steady));
        Assert.NotNull(_limiter.TryAdmit(before));

        // A reload builds new caller keys from the new options.
        var after = Caller("grows", "sk-g", requestsPerMinute: 3);
        var steadyAfter = Caller("steady", "sk-s", requestsPerMinute: 1);

        Assert.Null(_limiter.TryAdmit(after));
        Assert.Null(_limiter.TryAdmit(after));
        Assert.Null(_limiter.TryAdmit(after));
        Assert.NotNull(_limiter.TryAdmit(after));
        Assert.NotNull(_limiter.TryAdmit(steadyAfter));
    }

    private static CallerKey Caller(string name, string key, int? requestsPerMinute = null, int? tokensPerMinute = null) =>
        CallerKey.FromOptions(new ApiKeyOptions { Name = name, Key = key, RequestsPerMinute = requestsPerMinute, TokensPerMinute = tokensPerMinute });
}
