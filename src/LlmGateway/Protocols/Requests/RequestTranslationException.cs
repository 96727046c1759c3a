namespace LlmGateway.Protocols.Requests;

/// <summary>The request means something the upstream API cannot carry; the gateway answers 400 with <see cref="Param"/>.</summary>
public sealed class RequestTranslationException : Exception
{
    public RequestTranslationException(string? param, string message, string? code = null)
        : base(message)
    {
        Param = param;
        Code = code;
    }

    public RequestTranslationException()
    {
    }

    public RequestTranslationException(string message)
        : base(message)
    {
    }

    public RequestTranslationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The client's request field at fault (OpenAI <c>param</c>), in the client API's own naming.</summary>
    public string? Param { get; }

    /// <summary>OpenAI <c>code</c>, when there is a conventional one (<c>previous_response_not_found</c>).</summary>
    public string? Code { get; }
}
