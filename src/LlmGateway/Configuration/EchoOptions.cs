namespace LlmGateway.Configuration;

/// <summary>Settings of the built-in echo upstream (<c>Gateway:Echo</c>).</summary>
public sealed class EchoOptions
{
    public const int DefaultWordDelayMilliseconds = 10;

    public const int MaxWordDelayMilliseconds = 60_000;

    /// <summary>Pause between streamed words, so the demo looks like a model typing.</summary>
    public int WordDelayMilliseconds { get; set; } = DefaultWordDelayMilliseconds;
}
