using System.Diagnostics.CodeAnalysis;

namespace LlmGateway.Protocols;

/// <summary>Configuration names and upstream paths of the wire APIs.</summary>
public static class WireApiNames
{
    public const string Messages = "messages";
    public const string Responses = "responses";
    public const string ChatCompletions = "chat-completions";

    public static string ToName(WireApi api) => api switch
    {
        WireApi.Messages => Messages,
        WireApi.Responses => Responses,
        WireApi.ChatCompletions => ChatCompletions,
        _ => throw new ArgumentOutOfRangeException(nameof(api)),
    };

    public static bool TryParse(string? name, [NotNullWhen(true)] out WireApi? api)
    {
        api = name?.Trim().ToLowerInvariant() switch
        {
            Messages => WireApi.Messages,
            Responses => WireApi.Responses,
            ChatCompletions or "chat" or "chat_completions" => WireApi.ChatCompletions,
            _ => null,
        };
        return api is not null;
    }

    /// <summary>The path appended to an upstream's base URL for this API.</summary>
    public static string UpstreamPath(WireApi api) => api switch
    {
        WireApi.Messages => "/messages",
        WireApi.Responses => "/responses",
        WireApi.ChatCompletions => "/chat/completions",
        _ => throw new ArgumentOutOfRangeException(nameof(api)),
    };
}
