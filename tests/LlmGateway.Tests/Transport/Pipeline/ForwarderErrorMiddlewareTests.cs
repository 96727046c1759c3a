using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LlmGateway.Configuration;
using LlmGateway.Protocols;
using LlmGateway.Transport;
using LlmGateway.Transport.Pipeline;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace LlmGateway.Tests.Transport.Pipeline;

public sealed class ForwarderErrorMiddlewareTests
{
    [Theory]
    [InlineData(nameof(ForwarderError.RequestTimedOut), 504, "timeout_error")]
    [InlineData(nameof(ForwarderError.Request), 502, "api_error")]
    [InlineData(nameof(ForwarderError.ResponseHeaders), 502, "api_error")]
    [InlineData(nameof(ForwarderError.NoAvailableDestinations), 503, "api_error")]
    public async Task FailureBeforeTheResponse_IsAnsweredInTheClientsShape(string error, int expectedStatus, string expectedType)
    {
        var context = CreateContext(WireApi.Messages);
        var middleware = new ForwarderErrorMiddleware(httpContext =>
        {
            httpContext.Features.Set<IForwarderErrorFeature>(new FakeErrorFeature(Enum.Parse<ForwarderError>(error), new SocketException(111)));
            httpContext.Response.StatusCode = 502;
            return Task.CompletedTask;
        });

        await middleware.InvokeAsync(context);

        Assert.Equal(expectedStatus, context.Response.StatusCode);
        var json = ReadBody(context);
        Assert.Equal(expectedType, json.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("req_test", json.GetProperty("request_id").GetString());
        Assert.Contains(error, context.Features.Get<GatewayRequestContext>()!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeoutForAnOpenAIClient_Is504WithTheOpenAIShape()
    {
        var context = CreateContext(WireApi.Responses);
        var middleware = new ForwarderErrorMiddleware(httpContext =>
        {
            httpContext.Features.Set<IForwarderErrorFeature>(new FakeErrorFeature(ForwarderError.RequestTimedOut, new TaskCanceledException()));
            return Task.CompletedTask;
        });

        await middleware.InvokeAsync(context);

        Assert.Equal(504, context.Response.StatusCode);
        Assert.Equal("timeout_error", ReadBody(context).GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task NoFailure_LeavesTheResponseAlone()
    {
        var context = CreateContext(WireApi.Messages);
        var middleware = new ForwarderErrorMiddleware(httpContext =>
        {
            httpContext.Response.StatusCode = 201;
            return Task.CompletedTask;
        });

        await middleware.InvokeAsync(context);

        Assert.Equal(201, context.Response.StatusCode);
        Assert.Equal(0, context.Response.Body.Length);
    }

    private static DefaultHttpContext CreateContext(WireApi api)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        context.Features.Set(new GatewayRequestContext("req_test", api, TimeProvider.System, new ConfigurationSnapshot(new GatewayOptions(), 1)));
        return context;
    }

    private static JsonElement ReadBody(HttpContext context) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray())).RootElement;

    private sealed class FakeErrorFeature(ForwarderError error, Exception? exception) : IForwarderErrorFeature
    {
        public ForwarderError Error { get; } = error;

        public Exception? Exception { get; } = exception;
    }
}
