using System.Threading.RateLimiting;

namespace LlmGateway.Transport.Edge;

/// <summary>
/// Per-key limits with fixed one-minute windows, partitioned by key name: a request permit is taken when a request
/// arrives, and the tokens a request used are charged once it has completed, so the key is refused from then on until
/// its window resets. The master key and anonymous callers are not limited. Outlives configuration reloads.
/// </summary>
internal sealed class KeyRateLimiter : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Partitioned by name and limit: a limit changed by a configuration reload gets a limiter of its own at once (with a
    // fresh window), while a key whose limit stayed keeps its window and what it spent.
    private readonly PartitionedRateLimiter<CallerKey> _requests = PartitionedRateLimiter.Create<CallerKey, (string, int)>(
        static key => key.RequestsPerMinute is { } limit
            ? RateLimitPartition.GetFixedWindowLimiter((key.Name, limit), _ => Options(limit))
            : RateLimitPartition.GetNoLimiter((key.Name, 0)));

    private readonly PartitionedRateLimiter<CallerKey> _tokens = PartitionedRateLimiter.Create<CallerKey, (string, int)>(
        static key => key.TokensPerMinute is { } limit
            ? RateLimitPartition.GetFixedWindowLimiter((key.Name, limit), _ => Options(limit))
            : RateLimitPartition.GetNoLimiter((key.Name, 0)));

    /// <summary>Admits a request of <paramref name="caller"/>, or says which limit refused it and when to retry.</summary>
    public RateLimitRefusal? TryAdmit(CallerKey caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.IsMaster)
        {
            return null;
        }

        // Checking the token budget takes no permit (0 permits), so a refused request does not use up a request permit.
        using (var tokens = _tokens.AttemptAcquire(caller, 0))
        {
            if (!tokens.IsAcquired)
            {
                return new RateLimitRefusal($"{caller.TokensPerMinute} tokens per minute", RetryAfter(tokens));
            }
        }

        using var request = _requests.AttemptAcquire(caller, 1);
        return request.IsAcquired ? null : new RateLimitRefusal($"{caller.RequestsPerMinute} requests per minute", RetryAfter(request));
    }

    /// <summary>
    /// Charges the tokens a completed request used. A request is never cut off midway, so it may use more than what is
    /// left; the window's budget is then simply spent.
    /// </summary>
    public void ChargeTokens(CallerKey caller, long tokens)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.IsMaster || caller.TokensPerMinute is null || tokens <= 0)
        {
            return;
        }

        // A limiter refuses more permits than it has left; take what is available. Concurrent charges may race between
        // reading and acquiring, so try again with the new count a few times.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var available = _tokens.GetStatistics(caller)?.CurrentAvailablePermits ?? 0;
            var charge = (int)Math.Min(tokens, available);
            if (charge <= 0)
            {
                return;
            }

            using var lease = _tokens.AttemptAcquire(caller, charge);
            if (lease.IsAcquired)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _requests.Dispose();
        _tokens.Dispose();
    }

    private static FixedWindowRateLimiterOptions Options(int limit) => new()
    {
        PermitLimit = limit,
        Window = Window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : Window;
}
