using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using LlmGateway.Protocols;

namespace LlmGateway.Transport.Builtin;

/// <summary>
/// The in-process <c>builtin://echo</c> upstream: answers Messages, Responses and Chat Completions requests by sending
/// the last user message back word by word, so the gateway can be tried and tested with no model server.
/// </summary>
internal sealed class EchoUpstream(RunningConfiguration configuration, TimeProvider timeProvider)
{
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var api = ApiOf(request.RequestUri);
        if (api is null || request.Method != HttpMethod.Post)
        {
            return Error(request, api ?? WireApi.ChatCompletions, HttpStatusCode.NotFound, "The echo upstream answers POST /messages, /responses and /chat/completions.");
        }

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!EchoRequestReader.TryRead(body, out var echoRequest))
        {
            return Error(request, api.Value, HttpStatusCode.BadRequest, "The echo upstream could not read the request body as a JSON object.");
        }

        var reply = new EchoReply(echoRequest, RandomNumberGenerator.GetHexString(24, lowercase: true), timeProvider.GetUtcNow().ToUnixTimeSeconds());
        IEchoEncoder encoder = api switch
        {
            WireApi.Messages => new MessagesEchoEncoder(),
            WireApi.Responses => new ResponsesEchoEncoder(),
            _ => new ChatCompletionsEchoEncoder(),
        };

        HttpContent content;
        if (echoRequest.Stream)
        {
            var wordDelay = TimeSpan.FromMilliseconds(configuration.Current.Options.Echo.WordDelayMilliseconds);
            content = new StreamContent(new EchoEventStream(encoder.Stream(reply), wordDelay, timeProvider));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
        }
        else
        {
            content = new ByteArrayContent(encoder.Body(reply));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }

    private static WireApi? ApiOf(Uri? uri)
    {
        var path = uri?.AbsolutePath.TrimEnd('/') ?? string.Empty;
        foreach (var api in (ReadOnlySpan<WireApi>)[WireApi.Messages, WireApi.Responses, WireApi.ChatCompletions])
        {
            if (path.EndsWith(WireApiNames.UpstreamPath(api), StringComparison.Ordinal))
            {
                return api;
            }
        }

        return null;
    }

    private static HttpResponseMessage Error(HttpRequestMessage request, WireApi api, HttpStatusCode status, string message)
    {
        var content = new ByteArrayContent(ApiError.Body(api, (int)status, message));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage(status) { Content = content, RequestMessage = request };
    }
}
