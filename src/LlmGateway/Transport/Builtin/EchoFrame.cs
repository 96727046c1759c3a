namespace LlmGateway.Transport.Builtin;

/// <summary>One SSE frame of an echo stream; paced frames are sent after the configured word delay.</summary>
internal readonly record struct EchoFrame(ReadOnlyMemory<byte> Bytes, bool Paced = false);
