using System.Net;
using LlmGateway.IntegrationTests.Infrastructure;

namespace LlmGateway.IntegrationTests.Endpoints;

/// <summary><c>POST /v1/messages/count_tokens</c>: forwarded to a native Messages upstream, else estimated with a tokenizer.</summary>
public sealed class CountTokensTests : IDisposable
{
    private const string Body = """{"model":"MODEL","system":"You are terse.","messages":[{"role":"user","content":"Count the tokens in this short sentence, please."}],"tools":[{"name":"get_time","description":"Current time","input_schema":{"type":"object","properties":{"tz":{"type":"string"}}}}]}""";

    private readonly UpstreamMock _upstream = new();

    public void Dispose() => _upstream.Dispose();

    [Fact]
    public async Task NativeUpstream_IsAsked_WithItsOwnModelAndKey()
    {
        _upstream.RespondJson("/v1/messages/count_tokens", 200, """{"input_tokens":42}""");
        using var gateway = Start();

        var response = await Api.PostAsync(gateway.Url + "/v1/messages/count_tokens", Body.Replace("MODEL", "native", StringComparison.Ordinal), ("x-api-key", "sk-client"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(42, response.Json.GetProperty("input_tokens").GetInt32());
        Assert.Null(response.Header("x-llmgateway-token-count"));
        var forwarded = Assert.Single(_upstream.Requests);
        Assert.Contains("\"model\":\"upstream-model\"", forwarded.RequestMessage.Body, StringComparison.Ordinal);
        Assert.Equal("sk-upstream", forwarded.RequestMessage.Headers!["x-api-key"].Single());
    }

    [Fact]
    public async Task TransientUpstreamFailure_IsRetried_AndTheExactCountReturned()
    {
        _upstream.RespondJsonInTurn(
            "/v1/messages/count_tokens",
            (503, """{"type":"error","error":{"type":"overloaded_error","message":"busy"}}"""),
            (200, """{"input_tokens":42}"""));
        using var gateway = Start();

        var response = await Api.PostAsync(gateway.Url + "/v1/messages/count_tokens", Body.Replace("MODEL", "native", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(42, response.Json.GetProperty("input_tokens").GetInt32());
        Assert.Equal(2, _upstream.Requests.Count);
    }

    [Fact]
    public async Task PersistentUpstreamFailure_IsRetriedTwice_ThenReportedInTheMessagesShape()
    {
        _upstream.RespondJson("/v1/messages/count_tokens", 503, """{"type":"error","error":{"type":"overloaded_error","message":"busy"}}""");
        using var gateway = Start();

        var response = await Api.PostAsync(gateway.Url + "/v1/messages/count_tokens", Body.Replace("MODEL", "native", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
        Assert.Equal("error", response.Json.GetProperty("type").GetString());
        Assert.Equal(3, _upstream.Requests.Count);
    }

    [Fact]
    public async Task UpstreamWithoutTheEndpoint_IsEstimated()
    {
        _upstream.RespondJson("/v1/messages/count_tokens", 404, """{"error":{"message":"not found"}}""");
        using var gateway = Start();

        var response = await Api.PostAsync(gateway.Url + "/v1/messages/count_tokens", Body.Replace("MODEL", "native", StringComparison.Ordinal));

        AssertEstimate(response);
    }

    [Fact]
    public async Task BuiltinEcho_IsEstimated_AndTheAnthropicSdkReadsIt()
    {
        using var gateway = Start();
        var client = Sdks.Anthropic(gateway.Url);

        var count = await client.Messages.CountTokens(new Anthropic.Models.Messages.MessageCountTokensParams
        {
            Model = "demo",
            Messages = [new Anthropic.Models.Messages.UserMessageParam("Count the tokens in this short sentence, please.")],
        });

        Assert.InRange(count.InputTokens, 8, 30);
    }

    [Fact]
    public async Task Estimate_GrowsWithTheText()
    {
        using var gateway = Start();
        var shortBody = Body.Replace("MODEL", "demo", StringComparison.Ordinal);
        var longBody = shortBody.Replace("short sentence", string.Concat(Enumerable.Repeat("much longer sentence ", 50)), StringComparison.Ordinal);

        var small = AssertEstimate(await Api.PostAsync(gateway.Url + "/v1/messages/count_tokens", shortBody));
        var large = AssertEstimate(await Api.PostAsync(gateway.Url + "/v1/messages/count_tokens", longBody));

        Assert.True(large > small + 100, $"{large} vs {small}");
    }

    private static int AssertEstimate(ApiResponse response)
    {
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("estimate", response.Header("x-llmgateway-token-count"));
        var tokens = response.Json.GetProperty("input_tokens").GetInt32();
        Assert.InRange(tokens, 10, 100_000);
        return tokens;
    }

    private GatewayFactory Start() => GatewayFactory.Start(new GatewaySettings()
        .WithUpstream("native-up", _upstream.Url + "/v1", "sk-upstream", "messages")
        .WithDeployment("native", "native-up", "upstream-model"));
}
