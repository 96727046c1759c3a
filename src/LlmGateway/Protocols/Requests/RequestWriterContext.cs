namespace LlmGateway.Protocols.Requests;

/// <summary>What a writer needs besides the request: the options, and the client's API so errors name the client's own fields.</summary>
internal sealed class RequestWriterContext(WireApi clientApi, RequestTranslationOptions options)
{
    public WireApi ClientApi { get; } = clientApi;

    public RequestTranslationOptions Options { get; } = options;

    /// <summary>Where the conversation lives in the client's request.</summary>
    public string ConversationParam => ClientApi == WireApi.Responses ? "input" : "messages";

    public string StopParam => ClientApi == WireApi.Messages ? "stop_sequences" : "stop";

    public string ResponseFormatParam => ClientApi switch
    {
        WireApi.Responses => "text.format",
        WireApi.Messages => "output_config.format",
        _ => "response_format",
    };
}
