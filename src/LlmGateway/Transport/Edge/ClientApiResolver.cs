using LlmGateway.Protocols;

namespace LlmGateway.Transport.Edge;

/// <summary>Which API's shape a request expects, from its path: <c>/v1/messages*</c> is Anthropic, the rest of <c>/v1</c> is OpenAI (Chat Completions or Responses).</summary>
internal static class ClientApiResolver
{
    public static readonly PathString ApiPrefix = "/v1";
    public static readonly PathString MessagesPath = "/v1/messages";
    public static readonly PathString ChatCompletionsPath = "/v1/chat/completions";

    public static bool IsApiRequest(PathString path) => path.StartsWithSegments(ApiPrefix);

    public static WireApi Resolve(PathString path) =>
        path.StartsWithSegments(MessagesPath) ? WireApi.Messages
        : path.StartsWithSegments(ChatCompletionsPath) ? WireApi.ChatCompletions
        : WireApi.Responses;
}
