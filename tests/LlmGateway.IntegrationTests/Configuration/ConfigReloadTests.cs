using System.Net;
using LlmGateway.IntegrationTests.Infrastructure;
using LlmGateway.IntegrationTests.Timeouts;

namespace LlmGateway.IntegrationTests.Configuration;

/// <summary>
/// The real executable with a watched <c>--config</c> file: edits apply without a restart while a stream is in flight,
/// invalid edits are refused with one log line, and the stream started before either finishes intact.
/// </summary>
public sealed class ConfigReloadTests : IAsyncLifetime, IAsyncDisposable
{
    private const string Reloaded = "Configuration reloaded (generation ";
    private const string Rejected = "Configuration reload rejected";
    private const string TeamKey = "sk-team-reload-test";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("llmgateway-reload-").FullName;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly UpstreamMock _fresh = new();
    private readonly PacedUpstream _held;

    public ConfigReloadTests()
    {
        // Streams "Hello", then holds the rest until the test releases it: the stream is in flight for exactly as long as
        // the test needs, however long the reload takes.
        _held = new PacedUpstream([
            PacedStep.Now(MessagesStream.Start + MessagesStream.Hello),
            PacedStep.When(_release.Task, MessagesStream.World + MessagesStream.End),
        ]);
        _fresh.RespondSse("/v1/messages", UpstreamScenario.PlainText.MessagesStream());
    }

    private string ConfigPath => Path.Combine(_directory, "gateway.json");

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit 2 calls IAsyncLifetime.DisposeAsync on test classes, not IAsyncDisposable.
    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _held.DisposeAsync();
        _fresh.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    [Fact]
    public async Task ValidEdit_AppliesNewGroupUpstreamAndKey_AndChangedDeployment_WhileTheStreamInFlightCompletes()
    {
        using var gateway = await StartAsync(Config(HeldUpstream, HeldGroup));
        await using var stream = await StartHeldStreamAsync(gateway.Url);

        await WriteConfigAsync(Config(
            HeldUpstream + "," + FreshUpstream(withHealthCheck: true),
            """
            "held": { "Deployments": [ { "Upstream": "fresh", "Model": "moved-model" } ] },
            "fresh": { "Deployments": [ { "Upstream": "fresh", "Model": "fresh-model" } ] }
            """,
            apiKeys: $$"""[ { "Name": "team", "Key": "{{TeamKey}}" } ]"""));
        await gateway.Process.WaitForOutputAsync(Reloaded + "2)", Timeout);

        var withoutKey = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "fresh"));
        var fresh = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "fresh"), ("x-api-key", TeamKey));
        var moved = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "held", stream: true), ("x-api-key", TeamKey));
        var models = await Api.GetAsync(gateway.Url + "/v1/models", ("x-api-key", TeamKey));

        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.Status);
        Assert.Equal(HttpStatusCode.OK, fresh.Status);
        Assert.Equal("Hello from the upstream.", fresh.Json.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.OK, moved.Status);
        Assert.Equal("Hello from the upstream.", TextOf(moved.Body));
        Assert.Contains(_fresh.Requests, r => r.RequestMessage.Path == "/v1/messages" && r.RequestMessage.Body!.Contains("\"moved-model\"", StringComparison.Ordinal));
        Assert.Equal(["demo", "fresh", "held"], models.Json.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));

        // The health monitor checks the new upstream.
        await WaitUntilAsync(() => _fresh.Requests.Any(r => r.RequestMessage.Path == "/v1/models" && r.RequestMessage.Method == "GET"));

        _release.SetResult();
        var body = await stream.ReadToEndAsync(Timeout);
        AssertCompleteHelloWorld(body);
        Assert.Equal(0, gateway.Process.CountInOutput(Rejected));
    }

    [Fact]
    public async Task InvalidEdits_AreRejectedWithOneLineEach_TheRunningConfigurationServes_AndTheStreamCompletes()
    {
        using var gateway = await StartAsync(Config(HeldUpstream, HeldGroup));
        await using var stream = await StartHeldStreamAsync(gateway.Url);

        // An unknown upstream: the validators' message, as at start.
        await WriteConfigAsync(Config(HeldUpstream, HeldGroup + """, "broken": { "Deployments": [ { "Upstream": "missing", "Model": "m" } ] }"""));
        await gateway.Process.WaitForOutputAsync(Rejected, Timeout);
        var unknownGroup = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "broken"));
        var demo = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "demo", "still served"));

        // A file that is not JSON.
        await File.WriteAllTextAsync(ConfigPath, """{ "Gateway": { "ModelGroups": { """);
        await gateway.Process.WaitForOutputAsync(Rejected, Timeout, times: 2);
        var stillDemo = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "demo", "still served"));

        // A valid edit last: once it is applied, every notification of the invalid edits has been handled.
        await WriteConfigAsync(Config(HeldUpstream, HeldGroup + """, "later": { "Deployments": [ { "Upstream": "echo", "Model": "echo-later" } ] }"""));
        await gateway.Process.WaitForOutputAsync(Reloaded + "2)", Timeout);
        var later = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "later"));

        Assert.Equal(HttpStatusCode.NotFound, unknownGroup.Status);
        Assert.Equal(HttpStatusCode.OK, demo.Status);
        Assert.Equal(HttpStatusCode.OK, stillDemo.Status);
        Assert.Equal(HttpStatusCode.OK, later.Status);
        Assert.Equal(2, gateway.Process.CountInOutput(Rejected));
        Assert.Equal(1, gateway.Process.CountInOutput("Gateway:ModelGroups:broken:Deployments:0:Upstream: unknown upstream 'missing'"));
        Assert.Equal(1, gateway.Process.CountInOutput($"'{ConfigPath}' is not valid JSON:"));
        var metrics = await PrometheusScrape.ReadAsync(gateway.Url);
        Assert.Equal(2, metrics.Value("llmgateway_config_reloads_total", ("result", "rejected")));
        Assert.Equal(1, metrics.Value("llmgateway_config_reloads_total", ("result", "applied")));

        _release.SetResult();
        AssertCompleteHelloWorld(await stream.ReadToEndAsync(Timeout));
    }

    [Fact]
    public async Task RemovedGroup_IsNotFoundAfterwards_WhileItsStreamInFlightCompletes()
    {
        using var gateway = await StartAsync(Config(HeldUpstream, HeldGroup));
        await using var stream = await StartHeldStreamAsync(gateway.Url);

        await WriteConfigAsync(Config(upstreams: string.Empty, groups: string.Empty));
        await gateway.Process.WaitForOutputAsync(Reloaded + "2)", Timeout);

        var removed = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "held"));
        var removedForResponses = await Api.PostAsync(gateway.Url + Api.ResponsesPath, Api.MinimalBody(Api.ResponsesPath, "held"));
        var removedModel = await Api.GetAsync(gateway.Url + "/v1/models/held");
        var demo = await Api.PostAsync(gateway.Url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "demo"));

        Assert.Equal(HttpStatusCode.NotFound, removed.Status);
        Assert.Equal("not_found_error", removed.Json.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("'held' does not exist", removed.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, removedForResponses.Status);
        Assert.Equal("model_not_found", removedForResponses.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, removedModel.Status);
        Assert.Equal(HttpStatusCode.OK, demo.Status);

        _release.SetResult();
        AssertCompleteHelloWorld(await stream.ReadToEndAsync(Timeout));
    }

    private string HeldUpstream => $$"""
        "held": { "BaseUrl": "{{_held.Url}}/v1", "Apis": [ "messages" ] }
        """;

    private static string HeldGroup => """
        "held": { "Deployments": [ { "Upstream": "held", "Model": "held-model" } ] }
        """;

    private string FreshUpstream(bool withHealthCheck) => $$"""
        "fresh": {
          "BaseUrl": "{{_fresh.Url}}/v1",
          "Apis": [ "messages" ]
          {{(withHealthCheck ? """, "HealthCheck": { "Path": "/models", "Interval": "00:00:01" }""" : string.Empty)}}
        }
        """;

    /// <summary>An overlay of the shipped configuration (which keeps its <c>echo</c> upstream and <c>demo</c> group).</summary>
    private static string Config(string upstreams, string groups, string? apiKeys = null) => $$"""
        {
          "Gateway": {
            {{(apiKeys is null ? string.Empty : $"\"ApiKeys\": {apiKeys},")}}
            "Upstreams": { {{upstreams}} },
            "ModelGroups": { {{groups}} }
          }
        }
        """;

    private static string TextOf(string sseBody) =>
        string.Concat(sseBody.Split('\n')
            .Where(line => line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains("\"text_delta\"", StringComparison.Ordinal))
            .Select(line => System.Text.Json.JsonDocument.Parse(line["data: ".Length..]).RootElement.GetProperty("delta").GetProperty("text").GetString()));

    private static void AssertCompleteHelloWorld(string body)
    {
        Assert.StartsWith("event: message_start\n", body, StringComparison.Ordinal);
        Assert.Equal("Hello world", TextOf(body));
        Assert.DoesNotContain("event: error", body, StringComparison.Ordinal);
        Assert.EndsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", body, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not met in time.");
            await Task.Delay(50);
        }
    }

    private async Task<RunningGateway> StartAsync(string config)
    {
        await File.WriteAllTextAsync(ConfigPath, config);
        var process = GatewayProcess.Start(_directory, "--config", ConfigPath, "--urls", "http://127.0.0.1:0");
        try
        {
            return new RunningGateway(process, await process.WaitForListeningAsync(Timeout));
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    private static async Task<StreamingResponse> StartHeldStreamAsync(string url)
    {
        var stream = await StreamingResponse.StartAsync(url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "held", stream: true));
        Assert.Equal(HttpStatusCode.OK, stream.Status);
        await stream.ReadUntilAsync("Hello", Timeout);
        return stream;
    }

    private Task WriteConfigAsync(string config) => File.WriteAllTextAsync(ConfigPath, config);

    private sealed class RunningGateway(GatewayProcess process, string url) : IDisposable
    {
        public GatewayProcess Process { get; } = process;

        public string Url { get; } = url;

        public void Dispose() => Process.Dispose();
    }
}
