using System.Globalization;
using System.Net;
using LlmGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace LlmGateway.IntegrationTests.Keys;

/// <summary>
/// Per-key <c>RequestsPerMinute</c> and <c>TokensPerMinute</c>: 429 in the client's shape with <c>Retry-After</c>. Every
/// test stays well within one window and never waits for a reset; each key has its own budget.
/// </summary>
public sealed class KeyRateLimitTests : IDisposable
{
    private const string MasterKey = "sk-limits-master";
    private const string MessagesKey = "sk-limits-two-per-minute-messages";
    private const string ResponsesKey = "sk-limits-two-per-minute-responses";
    private const string TokensKey = "sk-limits-few-tokens";

    private readonly CapturingSink _sink = new();
    private readonly GatewayFactory _gateway;

    public KeyRateLimitTests()
    {
        _gateway = GatewayFactory.Start(
            new GatewaySettings()
                .WithMasterKey(MasterKey)
                .Set("Gateway:ApiKeys:0:Name", "rpm-messages")
                .Set("Gateway:ApiKeys:0:Key", MessagesKey)
                .Set("Gateway:ApiKeys:0:RequestsPerMinute", "2")
                .Set("Gateway:ApiKeys:1:Name", "rpm-responses")
                .Set("Gateway:ApiKeys:1:Key", ResponsesKey)
                .Set("Gateway:ApiKeys:1:RequestsPerMinute", "2")
                .Set("Gateway:ApiKeys:2:Name", "tpm")
                .Set("Gateway:ApiKeys:2:Key", TokensKey)
                .Set("Gateway:ApiKeys:2:TokensPerMinute", "5"),
            services => services.AddSingleton<ILogEventSink>(_sink));
    }

    public void Dispose() => _gateway.Dispose();

    [Theory]
    [InlineData(Api.MessagesPath, MessagesKey)]
    [InlineData(Api.ResponsesPath, ResponsesKey)]
    public async Task RequestsPerMinute_TheThirdRequestGets429WithRetryAfter(string path, string key)
    {
        var body = Api.MinimalBody(path, "demo");

        var first = await Api.PostAsync(_gateway.Url + path, body, ("x-api-key", key));
        var second = await Api.PostAsync(_gateway.Url + path, body, ("Authorization", "Bearer " + key));
        var third = await Api.PostAsync(_gateway.Url + path, body, ("x-api-key", key));

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.Status);
        var message = ErrorShape.AssertShape(path, third, "rate_limit_error", "rate_limit_error", "rate_limit_exceeded");
        Assert.Contains("requests per minute", message, StringComparison.Ordinal);
        var retryAfter = int.Parse(third.Header("Retry-After")!, NumberStyles.None, CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.DoesNotContain(key, third.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestsPerMinute_DoesNotLimitTheMasterKey()
    {
        for (var i = 0; i < 4; i++)
        {
            var response = await Api.PostAsync(_gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "demo"), ("x-api-key", MasterKey));
            Assert.Equal(HttpStatusCode.OK, response.Status);
        }
    }

    [Theory]
    [InlineData(Api.MessagesPath, false)]
    [InlineData(Api.ResponsesPath, true)]
    public async Task TokensPerMinute_AfterARequestThatUsedMore_TheNextGets429(string path, bool stream)
    {
        var first = await Api.PostAsync(_gateway.Url + path, Api.MinimalBody(path, "demo", "seven words that cost more than five", stream), ("x-api-key", TokensKey));
        Assert.Equal(HttpStatusCode.OK, first.Status);

        // Tokens are charged as the server finishes the request, which can be just after the client has read it all.
        var line = await CompletionLineAsync(first.Header("x-request-id")!);
        Assert.True(Tokens(line, "InputTokens") + Tokens(line, "OutputTokens") > 5);

        var second = await Api.PostAsync(_gateway.Url + path, Api.MinimalBody(path, "demo", "again", stream), ("x-api-key", TokensKey));

        Assert.Equal(HttpStatusCode.TooManyRequests, second.Status);
        var message = ErrorShape.AssertShape(path, second, "rate_limit_error", "rate_limit_error", "rate_limit_exceeded");
        Assert.Contains("tokens per minute", message, StringComparison.Ordinal);
        Assert.NotNull(second.Header("Retry-After"));
    }

    [Theory]
    [InlineData(MessagesKey, "rpm-messages")]
    [InlineData(MasterKey, "master")]
    [InlineData("sk-limits-wrong", "anonymous")]
    public async Task LogLine_NamesTheKey_NeverItsValue(string key, string expectedName)
    {
        var response = await Api.PostAsync(_gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "demo"), ("x-api-key", key));

        var line = await CompletionLineAsync(response.Header("x-request-id")!);
        Assert.Equal(expectedName, Assert.IsType<ScalarValue>(line.Properties["Key"]).Value);
        Assert.Contains("key=" + expectedName + " ", AsConsoleWritesIt(line), StringComparison.Ordinal);
        foreach (var logEvent in _sink.Events)
        {
            var text = logEvent.RenderMessage(CultureInfo.InvariantCulture) + " " + string.Join(" ", logEvent.Properties.Values) + " " + logEvent.Exception;
            Assert.DoesNotContain(key, text, StringComparison.Ordinal);
            Assert.DoesNotContain(MasterKey, text, StringComparison.Ordinal);
        }
    }

    /// <summary>The message as the console sink renders it (<c>{Message:lj}</c>: strings unquoted).</summary>
    private static string AsConsoleWritesIt(LogEvent line)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        new MessageTemplateTextFormatter("{Message:lj}", CultureInfo.InvariantCulture).Format(line, writer);
        return writer.ToString();
    }

    private static long Tokens(LogEvent line, string name) =>
        Convert.ToInt64(Assert.IsType<ScalarValue>(line.Properties[name]).Value, CultureInfo.InvariantCulture);

    private async Task<LogEvent> CompletionLineAsync(string requestId)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var line = _sink.Events.FirstOrDefault(e =>
                e.Properties.TryGetValue("RequestId", out var id) && id is ScalarValue { Value: string value } && value == requestId);
            if (line is not null)
            {
                return line;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No completion line for {requestId}.");
    }
}
