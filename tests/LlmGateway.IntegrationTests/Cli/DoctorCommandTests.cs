using System.Text.Json;
using LlmGateway.IntegrationTests.Infrastructure;

namespace LlmGateway.IntegrationTests.Cli;

/// <summary>
/// <c>LlmGateway doctor</c> against WireMock upstreams: a sloppy one serving the two LiteLLM streams that started the
/// project, a well-formed one, one that refuses the key, an unreachable one and a slow one; the built-in echo of the
/// shipped default is probed in process.
/// </summary>
public sealed class DoctorCommandTests : IDisposable
{
    private const string SloppyKey = "sk-sloppy-never-printed";

    private const string LiteLlmMessages = "malformed/messages/origin-litellm-index-minus-one";
    private const string LiteLlmResponses = "malformed/responses/origin-litellm-fake-stream";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    private static readonly string FixtureRoot = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    private readonly string _directory = Directory.CreateTempSubdirectory("llmgateway-doctor-").FullName;
    private readonly UpstreamMock _sloppy = new();
    private readonly UpstreamMock _tidy = new();
    private readonly UpstreamMock _locked = new();

    public void Dispose()
    {
        _sloppy.Dispose();
        _tidy.Dispose();
        _locked.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task SloppyUpstream_ReportsTheRepairs_GoodOneNone_UnreachableOneFails()
    {
        _sloppy.RespondSse("/v1/messages", await File.ReadAllTextAsync(Path.Combine(FixtureRoot, LiteLlmMessages + ".sse")));
        _sloppy.RespondSse("/v1/responses", await File.ReadAllTextAsync(Path.Combine(FixtureRoot, LiteLlmResponses + ".sse")));
        _tidy.RespondSse("/v1/messages", WireFixtures.MessagesStream);
        _locked.RespondJson("/v1/chat/completions", 401, """{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}}""");
        var config = await WriteConfigAsync($$$"""
            {"Gateway":{
              "Upstreams":{
                "litellm":{"BaseUrl":"{{{_sloppy.Url}}}/v1","Apis":["messages","responses"],"ApiKey":"{{{SloppyKey}}}"},
                "tidy":{"BaseUrl":"{{{_tidy.Url}}}/v1","Apis":["messages"]},
                "locked":{"BaseUrl":"{{{_locked.Url}}}/v1","Apis":["chat-completions"]},
                "gone":{"BaseUrl":"http://127.0.0.1:1/v1","Apis":["chat-completions"]}
              },
              "ModelGroups":{
                "local":{"Deployments":[{"Upstream":"litellm","Model":"qwen3-8b","Name":"litellm-qwen"},{"Upstream":"tidy","Model":"qwen3-8b"}]},
                "local-alias":{"Deployments":[{"Upstream":"litellm","Model":"qwen3-8b"}]},
                "hosted":{"Deployments":[{"Upstream":"locked","Model":"gpt"},{"Upstream":"gone","Model":"gpt"}]}
              }
            }}
            """);

        var (exitCode, output) = await GatewayProcess.RunAsync(_directory, RunTimeout, "doctor", "--config", config);

        Assert.True(exitCode == 1, output);
        Assert.DoesNotContain(SloppyKey, output, StringComparison.Ordinal);

        // One probe per upstream model and API, however many deployments share it.
        var sloppy = CliOutput.Section(output, "litellm-qwen (group local), litellm/qwen3-8b (group local-alias): upstream litellm");
        AssertRepaired(CliOutput.Probe(sloppy, "messages"), LiteLlmMessages);
        AssertRepaired(CliOutput.Probe(sloppy, "responses"), LiteLlmResponses);
        Assert.Equal(1, _sloppy.Requests.Count(r => r.RequestMessage.Path == "/v1/messages"));
        Assert.Equal(1, _sloppy.Requests.Count(r => r.RequestMessage.Path == "/v1/responses"));

        var tidy = CliOutput.Probe(CliOutput.Section(output, "tidy/qwen3-8b (group local)"), "messages");
        Assert.StartsWith("  messages          OK    HTTP 200, ", tidy[0], StringComparison.Ordinal);
        Assert.Contains(tidy, line => line.Trim() == "repairs: none");
        Assert.Contains(tidy, line => line.Trim() == "reply \"Hello from upstream\"");

        var locked = CliOutput.Probe(CliOutput.Section(output, "locked/gpt (group hosted)"), "chat-completions");
        Assert.Equal("  chat-completions  FAIL  HTTP 401: Incorrect API key provided.", locked[0]);

        var gone = CliOutput.Probe(CliOutput.Section(output, "gone/gpt (group hosted)"), "chat-completions");
        Assert.StartsWith("  chat-completions  FAIL  no connection: ", gone[0], StringComparison.Ordinal);

        // The shipped demo group's built-in echo upstream answers in process, on all three APIs.
        var echo = CliOutput.Section(output, "echo/echo-1 (group demo): upstream echo (built-in echo, in process)");
        foreach (var api in new[] { "messages", "responses", "chat-completions" })
        {
            Assert.Contains("  OK    HTTP 200, ", CliOutput.Probe(echo, api)[0], StringComparison.Ordinal);
        }

        Assert.Contains("Summary: 6 of 8 probe(s) answered, 2 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probes_CarryTheUpstreamCredentials_AndATinyStreamingRequest()
    {
        _sloppy.RespondSse("/v1/messages", WireFixtures.MessagesStream);
        _sloppy.RespondSse("/v1/responses", WireFixtures.ResponsesStream);
        var config = await WriteConfigAsync($$$"""
            {"Gateway":{
              "Upstreams":{"keyed":{"BaseUrl":"{{{_sloppy.Url}}}/v1","Apis":["messages","responses"],"ApiKey":"{{{SloppyKey}}}"}},
              "ModelGroups":{"g":{"Deployments":[{"Upstream":"keyed","Model":"upstream-model"}]}}
            }}
            """);

        var (exitCode, output) = await GatewayProcess.RunAsync(_directory, RunTimeout, "doctor", "--config", config);

        Assert.True(exitCode == 0, output);
        Assert.Contains("Summary: all 5 probe(s) answered; 0 needed repairs", output, StringComparison.Ordinal);
        var messages = Assert.Single(_sloppy.Requests, r => r.RequestMessage.Path == "/v1/messages").RequestMessage;
        Assert.Equal(SloppyKey, messages.Headers!["x-api-key"].Single());
        Assert.Equal("2023-06-01", messages.Headers["anthropic-version"].Single());
        var responses = Assert.Single(_sloppy.Requests, r => r.RequestMessage.Path == "/v1/responses").RequestMessage;
        Assert.Equal($"Bearer {SloppyKey}", responses.Headers!["Authorization"].Single());
        Assert.False(responses.Headers.ContainsKey("x-api-key"));

        foreach (var body in new[] { messages.Body!, responses.Body! })
        {
            using var json = JsonDocument.Parse(body);
            Assert.Equal("upstream-model", json.RootElement.GetProperty("model").GetString());
            Assert.True(json.RootElement.GetProperty("stream").GetBoolean());
        }
    }

    [Fact]
    public async Task SlowUpstream_FailsAtTheTimeout()
    {
        _tidy.RespondSse("/v1/messages", WireFixtures.MessagesStream, TimeSpan.FromSeconds(10));
        var config = await WriteConfigAsync($$$"""
            {"Gateway":{
              "Upstreams":{"slow":{"BaseUrl":"{{{_tidy.Url}}}/v1","Apis":["messages"]}},
              "ModelGroups":{"g":{"Deployments":[{"Upstream":"slow","Model":"m"}]}}
            }}
            """);

        var (exitCode, output) = await GatewayProcess.RunAsync(_directory, RunTimeout, "doctor", "--config", config, "--timeout", "1");

        Assert.True(exitCode == 1, output);
        var slow = CliOutput.Probe(CliOutput.Section(output, "slow/m (group g)"), "messages");
        Assert.Equal("  messages          FAIL  no response within 1 s", slow[0]);
    }

    [Fact]
    public async Task StreamEndingEarly_Fails_ShowingTheErrorAndTheRepairs()
    {
        _tidy.RespondSse("/v1/messages", await File.ReadAllTextAsync(Path.Combine(FixtureRoot, "malformed/messages/truncated-mid-block.sse")));
        var config = await WriteConfigAsync($$$"""
            {"Gateway":{
              "Upstreams":{"cut":{"BaseUrl":"{{{_tidy.Url}}}/v1","Apis":["messages"]}},
              "ModelGroups":{"g":{"Deployments":[{"Upstream":"cut","Model":"m"}]}}
            }}
            """);

        var (exitCode, output) = await GatewayProcess.RunAsync(_directory, RunTimeout, "doctor", "--config", config);

        Assert.True(exitCode == 1, output);
        var cut = CliOutput.Probe(CliOutput.Section(output, "cut/m (group g)"), "messages");
        Assert.StartsWith("  messages          FAIL  HTTP 200, first byte ", cut[0], StringComparison.Ordinal);
        Assert.Contains(cut, line => line.TrimStart().StartsWith("error: the stream ended in an error: ", StringComparison.Ordinal));
        Assert.Contains(cut, line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^\s+Truncated\s+x1\s+"));
    }

    /// <summary>The probe answered, and every repair kind the fixture's expected result names is reported with its count.</summary>
    private static void AssertRepaired(string[] probe, string fixture)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureRoot, fixture + ".expected.json")));
        var text = expected.RootElement.GetProperty("text").GetString();
        var kinds = expected.RootElement.GetProperty("repairs").EnumerateArray().Select(kind => kind.GetString()!).ToList();
        Assert.NotEmpty(kinds);

        Assert.Contains("  OK    HTTP 200, ", probe[0], StringComparison.Ordinal);
        Assert.Contains(probe, line => line.Trim() == $"reply \"{text}\"");
        foreach (var kind in kinds)
        {
            Assert.Contains(probe, line => System.Text.RegularExpressions.Regex.IsMatch(line, $@"^\s+{kind}\s+x[1-9][0-9]*\s+\S"));
        }
    }

    private async Task<string> WriteConfigAsync(string json)
    {
        var path = Path.Combine(_directory, "gateway.json");
        await File.WriteAllTextAsync(path, json);
        return path;
    }
}
