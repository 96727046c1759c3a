namespace LlmGateway.Tests.Protocols.Testing;

/// <summary>A clock stopped at one instant, so synthesized <c>created_at</c> values do not differ between runs.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public static FixedTimeProvider Default { get; } = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => now;
}
