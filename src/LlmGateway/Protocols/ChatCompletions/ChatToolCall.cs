namespace LlmGateway.Protocols.ChatCompletions;

/// <summary>One upstream tool call as the chat decoder buffers it until the call is closed.</summary>
internal sealed class ChatToolCall : IDisposable
{
    public ChatToolCall(long? index, string? id)
    {
        Index = index;
        Id = id;
    }

    /// <summary>The upstream <c>tool_calls[].index</c>, when it sent one.</summary>
    public long? Index { get; }

    /// <summary>The upstream call id; null when none was sent yet (the encoder then synthesizes one).</summary>
    public string? Id { get; set; }

    /// <summary>Set once: the first non-empty name wins.</summary>
    public string? Name { get; set; }

    /// <summary>The arguments fragments, escaped JSON string content, in arrival order.</summary>
    public PooledBufferWriter Arguments { get; } = new(0);

    /// <summary>The call was emitted as a neutral block; later fragments cannot reopen it.</summary>
    public bool Closed { get; set; }

    public void Dispose() => Arguments.Dispose();
}
