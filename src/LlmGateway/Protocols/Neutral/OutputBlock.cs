namespace LlmGateway.Protocols.Neutral;

/// <summary>One block as an encoder accumulates it, for terminal events and JSON bodies.</summary>
public sealed class OutputBlock : IDisposable
{
    public OutputBlock(BlockKind kind) => Kind = kind;

    public BlockKind Kind { get; }

    /// <summary>The id the encoder gave the block or item.</summary>
    public string Id { get; set; } = string.Empty;

    public string? CallId { get; set; }

    public string? Name { get; set; }

    public bool HasCitations { get; set; }

    /// <summary>Escaped content: text, reasoning, refusal or tool arguments (rented at the first write: most streamed blocks never buffer).</summary>
    public PooledBufferWriter Content { get; } = new(0);

    /// <summary>Escaped signature / encrypted content of a reasoning block.</summary>
    public byte[]? Signature { get; set; }

    /// <summary>Raw citations or annotations, in order.</summary>
    public List<byte[]> Citations { get; } = [];

    /// <summary>Parts already closed (reasoning summary parts, message content parts); the current one is <see cref="Content"/>.</summary>
    public List<ClosedPart> ClosedParts { get; } = [];

    /// <summary>Raw start payload of an opaque block.</summary>
    public byte[]? RawStart { get; set; }

    /// <summary>Raw final payload of an opaque block.</summary>
    public byte[]? RawFinal { get; set; }

    /// <summary>The client saw this block's start event.</summary>
    public bool Emitted { get; set; }

    public void Dispose() => Content.Dispose();
}
