namespace LlmGateway.Protocols;

/// <summary>The three LLM wire APIs the gateway reads and writes.</summary>
public enum WireApi
{
    /// <summary>Anthropic Messages (<c>POST /v1/messages</c>).</summary>
    Messages,

    /// <summary>OpenAI Responses (<c>POST /v1/responses</c>).</summary>
    Responses,

    /// <summary>OpenAI Chat Completions (<c>POST /v1/chat/completions</c>).</summary>
    ChatCompletions,
}
