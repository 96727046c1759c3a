namespace LlmGateway.Protocols;

/// <summary>Creates the normalizer for one response from the client and upstream APIs and body kinds.</summary>
public sealed class ResponseNormalizerFactory
{
    /// <summary>True when a normalizer exists for this pair of APIs.</summary>
    public static bool Supports(WireApi clientApi, WireApi upstreamApi) =>
        IsKnown(clientApi) && IsKnown(upstreamApi);

    private static bool IsKnown(WireApi api) => api is WireApi.Messages or WireApi.Responses or WireApi.ChatCompletions;

    public IResponseNormalizer Create(NormalizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ResponseNormalizer(options);
    }
}
