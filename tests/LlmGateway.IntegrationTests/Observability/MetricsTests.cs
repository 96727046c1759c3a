using System.Net;
using System.Text;
using LlmGateway.IntegrationTests.Infrastructure;
using LlmGateway.IntegrationTests.Timeouts;
using LlmGateway.Protocols;

namespace LlmGateway.IntegrationTests.Observability;

/// <summary>
/// <c>GET /metrics</c> after known traffic: the Prometheus text is parsed and every counter and histogram count is
/// checked exactly, with its labels.
/// </summary>
public sealed class MetricsTests : IDisposable
{
    private const string Requests = "llmgateway_requests_total";
    private const string UpstreamErrors = "llmgateway_upstream_errors_total";

    private readonly UpstreamMock _upstream = new();

    public void Dispose() => _upstream.Dispose();

    [Fact]
    public async Task KnownTraffic_IsCountedByRouteGroupDeploymentAndStatus_WithTokensAndLatencies()
    {
        const string masterKey = "sk-master-not-in-metrics";
        const string upstreamKey = "sk-upstream-not-in-metrics";
        _upstream.RespondSse("/v1/messages", UpstreamScenario.PlainText.MessagesStream());
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithMasterKey(masterKey)
            .WithUpstream("mock", _upstream.Url + "/v1", upstreamKey, "messages")
            .WithDeployment("g", "mock", "m")
            .Set("Gateway:ModelGroups:g:Deployments:0:Name", "primary"));
        var key = ("x-api-key", masterKey);

        for (var i = 0; i < 3; i++)
        {
            var streamed = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "g", stream: true), key);
            Assert.Equal(HttpStatusCode.OK, streamed.Status);
        }

        for (var i = 0; i < 2; i++)
        {
            var whole = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "g", stream: false), key);
            Assert.Equal(HttpStatusCode.OK, whole.Status);
        }

        var unknown = await Api.PostAsync(gateway.Url + Api.ResponsesPath, Api.MinimalBody(Api.ResponsesPath, "no-such-model"), key);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        var unauthorized = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "g"), ("x-api-key", "sk-wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.Status);

        // No key needed for the scrape, like /health.
        var scrape = await PrometheusScrape.WaitForAsync(gateway.Url, s => s.Total(Requests) >= 7);

        (string, string)[] served = [("route", "/v1/messages"), ("group", "g"), ("deployment", "primary")];
        Assert.Equal(5, scrape.Value(Requests, [.. served, ("status", "200")]));
        Assert.Equal(1, scrape.Value(Requests, ("route", "/v1/responses"), ("group", "unknown"), ("deployment", "none"), ("status", "404")));
        Assert.Equal(1, scrape.Value(Requests, ("route", "/v1/messages"), ("group", "unknown"), ("deployment", "none"), ("status", "401")));
        Assert.Equal(7, scrape.Total(Requests));

        Assert.Equal(5, scrape.Value("llmgateway_request_duration_seconds_count", served));
        Assert.True(scrape.Value("llmgateway_request_duration_seconds_sum", served) > 0);
        Assert.Equal(5, scrape.Value("llmgateway_request_duration_seconds_bucket", [.. served, ("le", "+Inf")]));
        Assert.Equal(3, scrape.Value("llmgateway_time_to_first_token_seconds_count", served));
        Assert.Equal(5, scrape.Value("llmgateway_overhead_seconds_count", served));
        Assert.Equal(1, scrape.Value("llmgateway_overhead_seconds_count", ("route", "/v1/responses"), ("group", "unknown"), ("deployment", "none")));

        Assert.Equal(5 * UpstreamScenario.InputTokens, scrape.Value("llmgateway_input_tokens_total", ("group", "g"), ("deployment", "primary")));
        Assert.Equal(5 * UpstreamScenario.OutputTokens, scrape.Value("llmgateway_output_tokens_total", ("group", "g"), ("deployment", "primary")));
        Assert.Equal(0, scrape.Value("llmgateway_streams_in_flight", ("group", "g")));
        Assert.Empty(scrape.Series(UpstreamErrors));
        Assert.Empty(scrape.Series("llmgateway_retries_total"));
        Assert.Empty(scrape.Series("llmgateway_normalizer_repairs_total"));

        Assert.Equal("counter", scrape.TypeOf(Requests));
        Assert.Equal("counter", scrape.TypeOf("llmgateway_input_tokens_total"));
        Assert.Equal("histogram", scrape.TypeOf("llmgateway_request_duration_seconds"));
        Assert.Equal("histogram", scrape.TypeOf("llmgateway_time_to_first_token_seconds"));
        Assert.Equal("histogram", scrape.TypeOf("llmgateway_overhead_seconds"));
        Assert.Equal("gauge", scrape.TypeOf("llmgateway_streams_in_flight"));

        // Only the gateway's own meter, and nothing an unauthenticated reader should not see.
        Assert.All(scrape.Samples, sample => Assert.StartsWith("llmgateway_", sample.Name, StringComparison.Ordinal));
        Assert.DoesNotContain(masterKey, scrape.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(upstreamKey, scrape.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", scrape.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", scrape.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task FailingStatus_CountsEachFailedAttempt_TheRetry_AndTheFallback()
    {
        using var good = new UpstreamMock();
        good.RespondJson("/v1/chat/completions", 200, UpstreamScenario.PlainText.ChatBody());
        _upstream.RespondJson("/v1/messages", 503, """{"type":"error","error":{"type":"overloaded_error","message":"busy"}}""");
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("bad", _upstream.Url + "/v1", null, "messages")
            .WithUpstream("chat", good.Url + "/v1", null, "chat-completions")
            .WithDeployment("primary", "bad", "m")
            .Set("Gateway:ModelGroups:primary:Retries", "1")
            .Set("Gateway:ModelGroups:primary:Fallbacks:0", "backup")
            .WithDeployment("backup", "chat", "chat-model"));

        var response = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "primary"));
        Assert.Equal(HttpStatusCode.OK, response.Status);

        var scrape = await PrometheusScrape.WaitForAsync(gateway.Url, s => s.Total(Requests) >= 1);
        Assert.Equal(_upstream.Requests.Count, scrape.Value(UpstreamErrors, ("group", "primary"), ("deployment", "bad/m"), ("reason", "status_503")));
        Assert.Equal(2, _upstream.Requests.Count);
        Assert.Single(scrape.Series(UpstreamErrors));
        Assert.Equal(1, scrape.Value("llmgateway_retries_total", ("group", "primary")));
        Assert.Equal(1, scrape.Value("llmgateway_fallbacks_total", ("group", "primary"), ("fallback_group", "backup")));

        // The group and deployment that answered, named by default as upstream/model.
        Assert.Equal(1, scrape.Value(Requests, ("route", "/v1/messages"), ("group", "backup"), ("deployment", "chat/chat-model"), ("status", "200")));
        Assert.Equal(UpstreamScenario.InputTokens, scrape.Value("llmgateway_input_tokens_total", ("group", "backup"), ("deployment", "chat/chat-model")));
    }

    [Fact]
    public async Task UnreachableUpstream_IsAConnectionError()
    {
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("dead", "http://127.0.0.1:1/v1", null, "messages")
            .WithDeployment("g", "dead", "m")
            .Set("Gateway:ModelGroups:g:Retries", "0"));

        var response = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "g", stream: true));
        Assert.Equal(HttpStatusCode.BadGateway, response.Status);

        var scrape = await PrometheusScrape.WaitForAsync(gateway.Url, s => s.Total(Requests) >= 1);
        Assert.Equal(1, scrape.Value(UpstreamErrors, ("group", "g"), ("deployment", "dead/m"), ("reason", "connection")));
        Assert.Equal(1, scrape.Value(Requests, ("route", "/v1/messages"), ("group", "g"), ("deployment", "dead/m"), ("status", "502")));
        Assert.Empty(scrape.Series("llmgateway_time_to_first_token_seconds_count"));
        Assert.Empty(scrape.Series("llmgateway_retries_total"));
    }

    [Fact]
    public async Task NoHeadersWithinTheFirstTokenTimeout_IsATimeout()
    {
        await using var upstream = new PacedUpstream([PacedStep.Now(MessagesStream.Start)], headerDelay: TimeSpan.FromSeconds(3));
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("slow", upstream.Url + "/v1", null, "messages")
            .WithDeployment("g", "slow", "m")
            .Set("Gateway:ModelGroups:g:Retries", "0")
            .Set("Gateway:ModelGroups:g:Timeouts:FirstTokenTimeout", "00:00:00.300"));

        var response = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "g", stream: true));
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.Status);

        var scrape = await PrometheusScrape.WaitForAsync(gateway.Url, s => s.Total(Requests) >= 1);
        Assert.Equal(1, scrape.Value(UpstreamErrors, ("group", "g"), ("deployment", "slow/m"), ("reason", "timeout")));
        Assert.Equal(1, scrape.Value(Requests, ("route", "/v1/messages"), ("group", "g"), ("deployment", "slow/m"), ("status", "504")));
    }

    [Fact]
    public async Task UpstreamDroppingMidStream_IsABodyError()
    {
        await using var upstream = new TruncatingUpstream(MessagesStream.Start + MessagesStream.Hello);
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("faulty", upstream.Url + "/v1", null, "messages")
            .WithDeployment("g", "faulty", "m"));

        var response = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "g", stream: true));
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Contains("event: error", response.Body, StringComparison.Ordinal);

        var scrape = await PrometheusScrape.WaitForAsync(gateway.Url, s => s.Total(Requests) >= 1);
        Assert.Equal(1, scrape.Value(UpstreamErrors, ("group", "g"), ("deployment", "faulty/m"), ("reason", "body")));
        Assert.Equal(1, scrape.Value(Requests, ("route", "/v1/messages"), ("group", "g"), ("deployment", "faulty/m"), ("status", "200")));
    }

    [Fact]
    public async Task NormalizerRepairs_AreCountedByKind_AsTheNormalizerReportsThem()
    {
        // LiteLLM's stream from the project's origin: deltas with index -1, no content_block_start or _stop.
        var malformed = MessagesStream.Start[..MessagesStream.Start.IndexOf("event: content_block_start", StringComparison.Ordinal)]
            + MessagesStream.Hello.Replace("\"index\":0", "\"index\":-1", StringComparison.Ordinal)
            + MessagesStream.World.Replace("\"index\":0", "\"index\":-1", StringComparison.Ordinal)
            + MessagesStream.End[MessagesStream.End.IndexOf("event: message_delta", StringComparison.Ordinal)..];
        _upstream.RespondSse("/v1/messages", malformed);
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("litellm", _upstream.Url + "/v1", null, "messages")
            .WithDeployment("g", "litellm", "m"));

        for (var i = 0; i < 2; i++)
        {
            var response = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "g", stream: true));
            Assert.Equal(HttpStatusCode.OK, response.Status);
        }

        var expected = RepairsOf(malformed);
        Assert.True(expected.GetValueOrDefault(nameof(RepairKind.MissingBlockStart)) > 0, "the stream is malformed by construction: " + string.Join(",", expected));
        var scrape = await PrometheusScrape.WaitForAsync(gateway.Url, s => s.Total(Requests) >= 2);
        var repairs = scrape.Series("llmgateway_normalizer_repairs_total").ToList();
        Assert.Equal(expected.Count, repairs.Count);
        foreach (var (kind, count) in expected)
        {
            Assert.Equal(2 * count, scrape.Value("llmgateway_normalizer_repairs_total", ("group", "g"), ("deployment", "litellm/m"), ("upstream_api", "messages"), ("kind", kind)));
        }
    }

    [Fact]
    public async Task StreamsInFlight_CountsAStreamWhileItIsServed()
    {
        await using var upstream = new PacedUpstream([PacedStep.Now(MessagesStream.Start + MessagesStream.Hello), PacedStep.After(1500, MessagesStream.World + MessagesStream.End)]);
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("paced", upstream.Url + "/v1", null, "messages")
            .WithDeployment("g", "paced", "m"));

        var pending = Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "g", stream: true));
        var during = await PrometheusScrape.WaitForAsync(gateway.Url, s => s.Value("llmgateway_streams_in_flight", ("group", "g")) == 1);
        Assert.Equal(1, during.Value("llmgateway_streams_in_flight", ("group", "g")));
        Assert.False(pending.IsCompleted);

        Assert.Equal(HttpStatusCode.OK, (await pending).Status);
        var after = await PrometheusScrape.WaitForAsync(gateway.Url, s => s.Total(Requests) >= 1);
        Assert.Equal(0, after.Value("llmgateway_streams_in_flight", ("group", "g")));
    }

    [Fact]
    public async Task EachGateway_CountsOnlyItsOwnRequests()
    {
        using var busy = GatewayFactory.Start(new GatewaySettings());
        using var idle = GatewayFactory.Start(new GatewaySettings());

        var response = await Api.PostAsync(busy.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "demo"));
        Assert.Equal(HttpStatusCode.OK, response.Status);

        var scrape = await PrometheusScrape.WaitForAsync(busy.Url, s => s.Total(Requests) >= 1);
        Assert.Equal(1, scrape.Value(Requests, ("route", "/v1/messages"), ("group", "demo"), ("deployment", "echo/echo-1"), ("status", "200")));
        Assert.Empty((await PrometheusScrape.ReadAsync(idle.Url)).Series(Requests));
    }

    /// <summary>The repairs the gateway's normalizer makes on <paramref name="body"/>, by kind name.</summary>
    private static Dictionary<string, int> RepairsOf(string body)
    {
        var normalizer = new ResponseNormalizerFactory().Create(new NormalizerOptions
        {
            ClientApi = WireApi.Messages,
            UpstreamApi = WireApi.Messages,
            ClientStreams = true,
            UpstreamStreams = true,
            RequestedModel = "g",
        });
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        normalizer.Write(Encoding.UTF8.GetBytes(body), output);
        normalizer.Complete(output);
        return Enum.GetValues<RepairKind>()
            .Where(kind => normalizer.Report.Count(kind) > 0)
            .ToDictionary(kind => kind.ToString(), normalizer.Report.Count);
    }
}
