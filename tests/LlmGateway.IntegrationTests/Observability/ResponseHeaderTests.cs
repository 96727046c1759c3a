using System.Diagnostics;
using System.Globalization;
using System.Net;
using LlmGateway.IntegrationTests.Infrastructure;
using LlmGateway.IntegrationTests.Timeouts;

namespace LlmGateway.IntegrationTests.Observability;

/// <summary>
/// <c>x-llmgateway-deployment</c> names the deployment that answered (its configured name, never a URL);
/// <c>x-llmgateway-overhead-ms</c> is the gateway's own time, so a slow upstream never shows up in it.
/// </summary>
public sealed class ResponseHeaderTests : IDisposable
{
    private const string DeploymentHeader = "x-llmgateway-deployment";
    private const string OverheadHeader = "x-llmgateway-overhead-ms";

    private readonly UpstreamMock _upstream = new();

    public void Dispose() => _upstream.Dispose();

    [Theory]
    [InlineData(Api.MessagesPath, true)]
    [InlineData(Api.MessagesPath, false)]
    [InlineData(Api.ResponsesPath, true)]
    [InlineData(Api.ResponsesPath, false)]
    public async Task ConfiguredName_IsSent_ReplacingWhatTheUpstreamSent(string path, bool stream)
    {
        // An upstream that is itself a gateway (or misbehaves) must not leak its own header, here its URL.
        _upstream.RespondJson("/v1/messages", 200, UpstreamScenario.PlainText.MessagesBody(), (DeploymentHeader, _upstream.Url));
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("mock", _upstream.Url + "/v1", null, "messages")
            .WithDeployment("g", "mock", "m")
            .Set("Gateway:ModelGroups:g:Deployments:0:Name", "fast-lane"));

        var response = await Api.PostAsync(gateway.Url + path, Api.MinimalBody(path, "g", stream: stream));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("fast-lane", response.Header(DeploymentHeader));
        AssertOverhead(response);
    }

    [Fact]
    public async Task WithoutAName_TheDeploymentIsUpstreamSlashModel_NeverItsUrl()
    {
        _upstream.RespondSse("/v1/messages", UpstreamScenario.PlainText.MessagesStream());
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("mock", _upstream.Url + "/v1", null, "messages")
            .WithDeployment("g", "mock", "vendor/model-7b"));

        var response = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "g", stream: true));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var deployment = response.Header(DeploymentHeader);
        Assert.Equal("mock/vendor/model-7b", deployment);
        Assert.DoesNotContain("127.0.0.1", deployment, StringComparison.Ordinal);
        Assert.DoesNotContain(new Uri(_upstream.Url).Port.ToString(CultureInfo.InvariantCulture), deployment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayAnswers_CarryTheOverhead_ButNoDeployment()
    {
        using var gateway = GatewayFactory.Start(new GatewaySettings().WithMasterKey("sk-headers"));

        var unauthorized = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "demo"), ("x-api-key", "sk-wrong"));
        var unknownModel = await Api.PostAsync(gateway.Url + Api.ResponsesPath, Api.MinimalBody(Api.ResponsesPath, "nope"), ("x-api-key", "sk-headers"));
        var badJson = await Api.PostAsync(gateway.Url + "/v1/chat/completions", "{not json", ("x-api-key", "sk-headers"));

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.Status);
        Assert.Equal(HttpStatusCode.NotFound, unknownModel.Status);
        Assert.Equal(HttpStatusCode.BadRequest, badJson.Status);
        foreach (var response in new[] { unauthorized, unknownModel, badJson })
        {
            Assert.Null(response.Header(DeploymentHeader));
            AssertOverhead(response);
        }
    }

    [Theory]
    [InlineData(600, 0)]
    [InlineData(0, 600)]
    public async Task SlowUpstreamHeadersOrFirstToken_AreNotOverhead(int headerDelay, int firstTokenDelay)
    {
        await using var upstream = new PacedUpstream(
            [PacedStep.After(firstTokenDelay, MessagesStream.Start + MessagesStream.Hello + MessagesStream.End)],
            headerDelay: TimeSpan.FromMilliseconds(headerDelay));
        using var gateway = Start(upstream);
        var upstreamDelay = headerDelay + firstTokenDelay;

        var clock = Stopwatch.StartNew();
        var response = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "g", stream: true));
        var elapsed = clock.Elapsed.TotalMilliseconds;

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("paced/m", response.Header(DeploymentHeader));
        var overhead = AssertOverhead(response);
        Assert.True(elapsed >= upstreamDelay, $"elapsed {elapsed} ms");
        Assert.True(overhead <= elapsed - upstreamDelay, $"overhead {overhead} ms of {elapsed} ms with a {upstreamDelay} ms upstream");
    }

    [Fact]
    public async Task SlowUpstreamBody_ReadWholeForANonStreamingClient_IsNotOverhead()
    {
        const int pause = 400;
        await using var upstream = new PacedUpstream(
        [
            PacedStep.Now(MessagesStream.Start),
            PacedStep.After(pause, MessagesStream.Hello),
            PacedStep.After(pause, MessagesStream.World + MessagesStream.End),
        ]);
        using var gateway = Start(upstream);

        var clock = Stopwatch.StartNew();
        var response = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "g", stream: false));
        var elapsed = clock.Elapsed.TotalMilliseconds;

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Hello world", response.Json.GetProperty("content")[0].GetProperty("text").GetString());
        var overhead = AssertOverhead(response);
        Assert.True(overhead <= elapsed - (2 * pause), $"overhead {overhead} ms of {elapsed} ms with {2 * pause} ms of upstream pauses");
    }

    [Fact]
    public async Task RetryBackoff_IsNotOverhead()
    {
        _upstream.RespondJson("/v1/messages", 503, """{"type":"error","error":{"type":"overloaded_error","message":"busy"}}""", ("Retry-After", "1"));
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("busy", _upstream.Url + "/v1", null, "messages")
            .WithDeployment("g", "busy", "m")
            .Set("Gateway:ModelGroups:g:Retries", "1"));

        var clock = Stopwatch.StartNew();
        var response = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "g"));
        var elapsed = clock.Elapsed.TotalMilliseconds;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
        Assert.Equal(2, _upstream.Requests.Count);
        Assert.Equal("busy/m", response.Header(DeploymentHeader));
        var overhead = AssertOverhead(response);
        Assert.True(elapsed >= 1000, $"elapsed {elapsed} ms");
        Assert.True(overhead <= elapsed - 1000, $"overhead {overhead} ms of {elapsed} ms with a 1 s backoff");
    }

    private static GatewayFactory Start(PacedUpstream upstream) => GatewayFactory.Start(new GatewaySettings()
        .WithUpstream("paced", upstream.Url + "/v1", null, "messages")
        .WithDeployment("g", "paced", "m"));

    /// <summary>The header is milliseconds with two decimals in invariant culture, and not negative.</summary>
    private static double AssertOverhead(ApiResponse response)
    {
        var text = response.Header(OverheadHeader);
        Assert.NotNull(text);
        Assert.Matches(@"^\d+\.\d{2}$", text);
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
