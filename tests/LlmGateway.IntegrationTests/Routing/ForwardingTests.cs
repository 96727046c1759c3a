using System.Net;
using System.Text;
using LlmGateway.IntegrationTests.Infrastructure;

namespace LlmGateway.IntegrationTests.Routing;

/// <summary>What the upstream actually receives: its own credentials, the rewritten model, and nothing of the client's secrets.</summary>
public sealed class ForwardingTests : IDisposable
{
    private const string MasterKey = "sk-client-master";
    private const string AnthropicKey = "sk-upstream-anthropic";
    private const string OpenAIKey = "sk-upstream-openai";

    private const string MessagesOk = """{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}""";
    private const string ResponsesOk = """{"id":"resp_1","object":"response","created_at":1760000000,"status":"completed","model":"m","output":[],"usage":{"input_tokens":1,"input_tokens_details":{"cached_tokens":0},"output_tokens":1,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":2},"error":null,"incomplete_details":null,"parallel_tool_calls":true,"tools":[],"tool_choice":"auto","metadata":{}}""";

    private readonly UpstreamMock _anthropic = new UpstreamMock().RespondJson("/prefix/v1/messages", 200, MessagesOk);
    private readonly UpstreamMock _openAI = new UpstreamMock().RespondJson("/v1/responses", 200, ResponsesOk);
    private readonly GatewayFactory _gateway;

    public ForwardingTests()
    {
        _gateway = GatewayFactory.Start(new GatewaySettings()
            .WithMasterKey(MasterKey)
            .WithUpstream("anthropic", _anthropic.Url + "/prefix/v1", AnthropicKey, "messages")
            .WithUpstream("openai", _openAI.Url + "/v1/", OpenAIKey, "responses")
            .WithDeployment("claude-ish", "anthropic", "vendor/real-model-1")
            .WithDeployment("gpt-ish", "openai", "real-model-2"));
    }

    public void Dispose()
    {
        _gateway.Dispose();
        _anthropic.Dispose();
        _openAI.Dispose();
    }

    [Fact]
    public async Task Messages_UpstreamSeesItsOwnKey_AndNoneOfTheClientsSecrets()
    {
        var response = await Api.PostAsync(
            _gateway.Url + Api.MessagesPath + "?beta=true",
            Api.MinimalBody(Api.MessagesPath, "claude-ish"),
            ("x-api-key", MasterKey),
            ("Authorization", "Bearer " + MasterKey),
            ("Cookie", "session=abc"),
            ("X-Forwarded-For", "10.1.2.3"),
            ("X-Forwarded-Host", "evil.example"),
            ("Forwarded", "for=10.1.2.3"),
            ("Accept-Encoding", "gzip, br"),
            ("anthropic-version", "2024-01-01"),
            ("anthropic-beta", "tools-2024-04-04"),
            ("X-Custom-Secret", "do-not-forward"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var request = Assert.Single(_anthropic.Requests).RequestMessage;
        Assert.Equal("/prefix/v1/messages", request.Path);
        Assert.Contains("beta=true", request.Url, StringComparison.Ordinal);
        var headers = request.Headers!;
        Assert.Equal(AnthropicKey, Assert.Single(headers["x-api-key"]));
        Assert.Equal("2024-01-01", Assert.Single(headers["anthropic-version"]));
        Assert.Equal("tools-2024-04-04", Assert.Single(headers["anthropic-beta"]));
        Assert.StartsWith("application/json", Assert.Single(headers["Content-Type"]), StringComparison.Ordinal);
        foreach (var forbidden in new[] { "Authorization", "Cookie", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded", "Accept-Encoding", "X-Custom-Secret" })
        {
            Assert.False(headers.ContainsKey(forbidden), $"upstream received {forbidden}");
        }

        Assert.DoesNotContain(headers.Values.SelectMany(values => values), value => value.Contains(MasterKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Messages_WithoutAnthropicVersion_UpstreamGetsTheDefault()
    {
        await Api.PostAsync(_gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "claude-ish"), ("x-api-key", MasterKey));

        var headers = Assert.Single(_anthropic.Requests).RequestMessage.Headers!;
        Assert.Equal("2023-06-01", Assert.Single(headers["anthropic-version"]));
    }

    [Fact]
    public async Task Responses_UpstreamSeesBearerKey_AndNoClientKey()
    {
        var response = await Api.PostAsync(
            _gateway.Url + Api.ResponsesPath,
            Api.MinimalBody(Api.ResponsesPath, "gpt-ish"),
            ("Authorization", "Bearer " + MasterKey),
            ("x-api-key", MasterKey),
            ("X-Forwarded-Proto", "https"),
            ("Accept-Encoding", "gzip"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var request = Assert.Single(_openAI.Requests).RequestMessage;
        Assert.Equal("/v1/responses", request.Path);
        var headers = request.Headers!;
        Assert.Equal("Bearer " + OpenAIKey, Assert.Single(headers["Authorization"]));
        Assert.False(headers.ContainsKey("x-api-key"));
        Assert.False(headers.ContainsKey("X-Forwarded-Proto"));
        Assert.False(headers.ContainsKey("Accept-Encoding"));
        Assert.False(headers.ContainsKey("anthropic-version"));
    }

    [Fact]
    public async Task Body_OnlyTheTopLevelModelIsRewritten_EverythingElseByteIdentical()
    {
        const string template = """
            {"metadata":{"model":"claude-ish","note":"nested model stays"},  "model" : "{MODEL}",
             "max_tokens":64,"messages":[{"role":"user","content":"caf\u00e9 \"quoted\" ünïcode 🚀"}],"extra":[1,2.50,true,null]}
            """;
        var sent = template.Replace("{MODEL}", "claude-ish", StringComparison.Ordinal);
        var expected = template.Replace("{MODEL}", "vendor/real-model-1", StringComparison.Ordinal);

        var response = await Api.PostAsync(_gateway.Url + Api.MessagesPath, sent, ("x-api-key", MasterKey));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var request = Assert.Single(_anthropic.Requests).RequestMessage;
        Assert.Equal(Encoding.UTF8.GetBytes(expected), request.BodyAsBytes);
        Assert.Equal(Encoding.UTF8.GetByteCount(expected).ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(request.Headers!["Content-Length"]));
    }
}
