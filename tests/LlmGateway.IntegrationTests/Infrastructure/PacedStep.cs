namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>One chunk of a <see cref="PacedUpstream"/> body, written after <paramref name="Delay"/>.</summary>
public sealed record PacedStep(TimeSpan Delay, string Text)
{
    public static PacedStep Now(string text) => new(TimeSpan.Zero, text);

    public static PacedStep After(int milliseconds, string text) => new(TimeSpan.FromMilliseconds(milliseconds), text);
}
