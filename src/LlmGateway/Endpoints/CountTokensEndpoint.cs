using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LlmGateway.Protocols;
using LlmGateway.Protocols.Json;
using LlmGateway.Routing;
using LlmGateway.Transport;
using LlmGateway.Transport.Edge;
using LlmGateway.Transport.Pipeline;
using Microsoft.AspNetCore.Http.Features;

namespace LlmGateway.Endpoints;

/// <summary>
/// <c>POST /v1/messages/count_tokens</c> (Claude Code calls it before every turn): forwarded to a deployment that
/// speaks Messages natively; counted locally with <see cref="TokenEstimator"/> when none does or when the upstream
/// has no such endpoint, and then marked with the <see cref="EstimateHeader"/> response header.
/// </summary>
internal sealed class CountTokensEndpoint(
    DeploymentSelector selector,
    TokenEstimator estimator,
    IHttpClientFactory httpClients)
{
    public const string EstimateHeader = "x-llmgateway-token-count";
    public const string HttpClientName = "count-tokens";

    /// <summary>How long one attempt to ask the upstream may take before it is retried or the count is estimated.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    public async Task HandleAsync(HttpContext context)
    {
        var gateway = context.Features.GetRequiredFeature<GatewayRequestContext>();
        var body = await RequestBodyReader.ReadAsync(context, gateway.Configuration.Options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await ClientErrorWriter.WriteAsync(context, StatusCodes.Status413RequestEntityTooLarge, "The request body is larger than the gateway's limit.").ConfigureAwait(false);
            return;
        }

        if (ModelRequestReader.TryRead(body, out var request) != ModelRequestError.None)
        {
            await ClientErrorWriter.WriteAsync(context, StatusCodes.Status400BadRequest, "The request body must be a JSON object with a 'model'.", param: "model").ConfigureAwait(false);
            return;
        }

        if (!gateway.Configuration.Catalog.TryGetGroup(request.Model, out var group))
        {
            await ClientErrorWriter.WriteAsync(context, StatusCodes.Status404NotFound, $"The model '{request.Model}' does not exist on this gateway.", param: "model").ConfigureAwait(false);
            return;
        }

        gateway.RequestedModel = request.Model;
        gateway.Group = group;
        if (!gateway.MayUse(group))
        {
            await ModelPermission.DenyAsync(context, group).ConfigureAwait(false);
            return;
        }

        if (selector.Select(group, WireApi.Messages) is { UpstreamApi: WireApi.Messages } plan && !plan.Deployment.Upstream.IsBuiltinEcho)
        {
            gateway.Deployment = plan.Deployment;
            gateway.UpstreamApi = WireApi.Messages;
            if (await TryForwardAsync(context, gateway, plan.Deployment, ModelRewriter.Rewrite(body, request, plan.Deployment.Model)).ConfigureAwait(false))
            {
                return;
            }
        }

        int tokens;
        try
        {
            tokens = estimator.CountMessagesRequest(body);
        }
        catch (JsonException)
        {
            await ClientErrorWriter.WriteAsync(context, StatusCodes.Status400BadRequest, "The request body is not valid JSON.").ConfigureAwait(false);
            return;
        }

        context.Response.Headers[EstimateHeader] = "estimate";
        var json = JsonText.Utf8("{\"input_tokens\":" + tokens.ToString(CultureInfo.InvariantCulture) + "}");
        await WriteAsync(context, StatusCodes.Status200OK, json).ConfigureAwait(false);
    }

    /// <returns>False when the upstream cannot count (no such endpoint, unreachable): the caller estimates instead.</returns>
    private async Task<bool> TryForwardAsync(HttpContext context, GatewayRequestContext gateway, Deployment deployment, byte[] body)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, deployment.Upstream.BaseUrl + "/messages/count_tokens")
        {
            Content = new ByteArrayContent(body),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var version = context.Request.Headers["anthropic-version"].ToString();
        message.Headers.TryAddWithoutValidation("anthropic-version", string.IsNullOrEmpty(version) ? "2023-06-01" : version);
        var beta = context.Request.Headers["anthropic-beta"].ToString();
        if (!string.IsNullOrEmpty(beta))
        {
            message.Headers.TryAddWithoutValidation("anthropic-beta", beta);
        }

        if (deployment.Upstream.ApiKey is { } key)
        {
            message.Headers.TryAddWithoutValidation("x-api-key", key);
        }

        // The upstream's time, from sending to having its whole answer, is not gateway overhead.
        var waitStarted = gateway.TimeProvider.GetTimestamp();
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(message, context.RequestAborted).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            gateway.UpstreamStatus = status;
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented)
            {
                gateway.AddUpstreamWait(waitStarted);
                return false;
            }

            var upstreamBody = await response.Content.ReadAsByteArrayAsync(context.RequestAborted).ConfigureAwait(false);
            gateway.AddUpstreamWait(waitStarted);
            if (response.IsSuccessStatusCode)
            {
                await WriteAsync(context, status, upstreamBody).ConfigureAwait(false);
                return true;
            }

            var error = ApiError.ReadUpstream(upstreamBody, status);
            gateway.Error = $"upstream {status}";
            await WriteAsync(context, status, ApiError.Body(WireApi.Messages, status, error.Message, requestId: gateway.RequestId)).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            gateway.AddUpstreamWait(waitStarted);
            return false;
        }
    }

    private static Task WriteAsync(HttpContext context, int status, byte[] json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        return context.Response.Body.WriteAsync(json, context.RequestAborted).AsTask();
    }
}
