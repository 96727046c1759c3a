using System.Net;
using LlmGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace LlmGateway.IntegrationTests.Observability;

/// <summary>One structured line per /v1 request, written after the body was sent, and free of secrets and prompt text.</summary>
public sealed class RequestLogTests : IDisposable
{
    private const string MasterKey = "sk-master-must-not-be-logged";
    private const string UpstreamKey = "sk-upstream-must-not-be-logged";
    private const string Prompt = "confidential prompt words";

    private readonly CapturingSink _sink = new();
    private readonly GatewayFactory _gateway;

    public RequestLogTests()
    {
        _gateway = GatewayFactory.Start(
            new GatewaySettings()
                .WithMasterKey(MasterKey)
                .Set("Gateway:Upstreams:echo:ApiKey", UpstreamKey),
            services => services.AddSingleton<ILogEventSink>(_sink));
    }

    public void Dispose() => _gateway.Dispose();

    [Theory]
    [InlineData(Api.MessagesPath, true)]
    [InlineData(Api.MessagesPath, false)]
    [InlineData(Api.ResponsesPath, true)]
    [InlineData(Api.ResponsesPath, false)]
    public async Task ServedRequest_LogsOneCompletionLine(string path, bool stream)
    {
        var response = await Api.PostAsync(_gateway.Url + path, Api.MinimalBody(path, "demo", Prompt, stream), ("x-api-key", MasterKey));
        Assert.Equal(HttpStatusCode.OK, response.Status);

        var line = await SingleCompletionLineAsync();
        Assert.Equal(LogEventLevel.Information, line.Level);
        Assert.Equal(response.Header("x-request-id"), Scalar(line, "RequestId"));
        Assert.Equal(path, Scalar(line, "Route"));
        Assert.Equal(200, Scalar(line, "StatusCode"));
        Assert.Equal("demo", Scalar(line, "Group"));
        Assert.Equal("echo/echo-1", Scalar(line, "Deployment"));
        Assert.Equal(response.Header("x-llmgateway-deployment"), Scalar(line, "Deployment"));
        Assert.Equal(200, Scalar(line, "UpstreamStatus"));
        Assert.IsType<long>(Scalar(line, "TimeToFirstByteMs"));
        Assert.IsType<long>(Scalar(line, "DurationMs"));
        Assert.Equal(0, Scalar(line, "Repairs"));
        Assert.Null(Scalar(line, "Error"));
        AssertNoSecrets();
    }

    [Fact]
    public async Task RejectedRequest_IsLoggedWithItsError()
    {
        var response = await Api.PostAsync(_gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "demo", Prompt), ("x-api-key", "sk-wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);

        var line = await SingleCompletionLineAsync();
        Assert.Equal(401, Scalar(line, "StatusCode"));
        Assert.Null(Scalar(line, "Group"));
        Assert.NotNull(Scalar(line, "Error"));
        AssertNoSecrets();
    }

    /// <summary>The line is written as the server finishes the request, which can be just after the client has read it all.</summary>
    private async Task<LogEvent> SingleCompletionLineAsync()
    {
        for (var attempt = 0; attempt < 100 && !CompletionLines().Any(); attempt++)
        {
            await Task.Delay(50);
        }

        return Assert.Single(CompletionLines());
    }

    private IEnumerable<LogEvent> CompletionLines() =>
        _sink.Events.Where(e => e.Properties.TryGetValue("EventId", out var id) && id.ToString().Contains("RequestCompleted", StringComparison.Ordinal));

    private static object? Scalar(LogEvent logEvent, string name) =>
        Assert.IsType<ScalarValue>(logEvent.Properties[name]).Value;

    private void AssertNoSecrets()
    {
        foreach (var logEvent in _sink.Events)
        {
            var text = logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture) + " " +
                string.Join(" ", logEvent.Properties.Values.Select(value => value.ToString())) + " " + logEvent.Exception;
            Assert.DoesNotContain(MasterKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(UpstreamKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Prompt, text, StringComparison.Ordinal);
        }
    }
}
