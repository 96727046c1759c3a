namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>One chunk of a <see cref="PacedUpstream"/> body, written after <paramref name="Delay"/> (and after <see cref="Signal"/>, if set).</summary>
public sealed record PacedStep(TimeSpan Delay, string Text)
{
    /// <summary>The step waits for this task to complete: a test holds a stream open for exactly as long as it needs.</summary>
    public Task? Signal { get; init; }

    public static PacedStep Now(string text) => new(TimeSpan.Zero, text);

    public static PacedStep After(int milliseconds, string text) => new(TimeSpan.FromMilliseconds(milliseconds), text);

    public static PacedStep When(Task signal, string text) => new(TimeSpan.Zero, text) { Signal = signal };
}
