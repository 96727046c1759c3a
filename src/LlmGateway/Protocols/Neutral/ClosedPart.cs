namespace LlmGateway.Protocols.Neutral;

/// <summary>A finished part of a block: its escaped text and raw annotations.</summary>
public sealed record ClosedPart(byte[] Text, byte[][] Annotations);
