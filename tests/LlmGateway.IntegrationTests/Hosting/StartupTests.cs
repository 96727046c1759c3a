using System.Net;
using LlmGateway.IntegrationTests.Infrastructure;

namespace LlmGateway.IntegrationTests.Hosting;

/// <summary>The real executable: bad configuration stops it with a clear line naming the key; the shipped default serves the demo.</summary>
public sealed class StartupTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("llmgateway-startup-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string, string> BadConfigurations => new()
    {
        {
            """{"Gateway":{"ModelGroups":{"bad":{"Deployments":[{"Upstream":"missing","Model":"m"}]}}}}""",
            "Gateway:ModelGroups:bad:Deployments:0:Upstream"
        },
        {
            """{"Gateway":{"Upstreams":{"broken":{"BaseUrl":"localhost:1234/v1","Apis":["messages"]}}}}""",
            "Gateway:Upstreams:broken:BaseUrl"
        },
        {
            """{"Gateway":{"ModelGroups":{"bad":{"Deployments":[]}}}}""",
            "Gateway:ModelGroups:bad:Deployments"
        },
        {
            """{"Gateway":{"Upstreams":{"broken":{"BaseUrl":"http://127.0.0.1:1/v1","Apis":["completions"]}}}}""",
            "Gateway:Upstreams:broken:Apis:0"
        },
        {
            """{"Gateway":{"ModelGroups":{"bad":{"Deployments":[{"Upstream":"echo","Model":"m","Weight":0}]}}}}""",
            "Gateway:ModelGroups:bad:Deployments:0:Weight"
        },
        {
            """{"Gateway":{"Upstreams":{"slow":{"BaseUrl":"http://127.0.0.1:1/v1","Apis":["messages"],"IdleTimeout":"-00:00:01"}}}}""",
            "Gateway:Upstreams:slow:IdleTimeout"
        },
        {
            """{"Gateway":{"ModelGroups":{"bad":{"Deployments":[{"Upstream":"echo","Model":"m"}],"Timeouts":{"FirstTokenTimeout":"00:00:00"}}}}}""",
            "Gateway:ModelGroups:bad:Timeouts:FirstTokenTimeout"
        },
        {
            """{"Gateway":{"KeepAliveInterval":"-00:00:15"}}""",
            "Gateway:KeepAliveInterval"
        },
    };

    [Fact]
    public async Task UnparsableTimeSpan_ExitsNonZero_NamingTheKey()
    {
        var path = Path.Combine(_directory, "bad-timespan.json");
        await File.WriteAllTextAsync(path, """{"Gateway":{"Upstreams":{"slow":{"BaseUrl":"http://127.0.0.1:1/v1","Apis":["messages"],"ConnectTimeout":"soon"}}}}""");
        using var gateway = GatewayProcess.Start(_directory, "--config", path, "--urls", "http://127.0.0.1:0");

        var exitCode = await gateway.WaitForExitAsync(StartTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("invalid configuration: Gateway:Upstreams:slow:ConnectTimeout: 'soon' is not a TimeSpan", gateway.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadConfigurations))]
    public async Task InvalidConfiguration_ExitsNonZero_NamingTheKey(string json, string key)
    {
        var path = Path.Combine(_directory, "bad.json");
        await File.WriteAllTextAsync(path, json);
        using var gateway = GatewayProcess.Start(_directory, "--config", path, "--urls", "http://127.0.0.1:0");

        var exitCode = await gateway.WaitForExitAsync(StartTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"invalid configuration: {key}", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonLoopbackAddressWithoutMasterKey_ExitsNonZero()
    {
        using var gateway = GatewayProcess.Start(_directory, "--urls", "http://0.0.0.0:0");

        var exitCode = await gateway.WaitForExitAsync(StartTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Gateway:MasterKey", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("AllowAnonymous", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingConfigFile_ExitsNonZero()
    {
        using var gateway = GatewayProcess.Start(_directory, "--config", Path.Combine(_directory, "absent.json"), "--urls", "http://127.0.0.1:0");

        var exitCode = await gateway.WaitForExitAsync(StartTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("absent.json", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShippedDefault_StartsFromAnyDirectory_AndServesTheDemoGroup()
    {
        using var gateway = GatewayProcess.Start(_directory, "--urls", "http://127.0.0.1:0");
        var url = await gateway.WaitForListeningAsync(StartTimeout);

        var messages = await Api.PostAsync(url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "demo", "shipped default works", stream: true));
        var responses = await Api.PostAsync(url + Api.ResponsesPath, Api.MinimalBody(Api.ResponsesPath, "demo", "shipped default works"));

        Assert.Equal(HttpStatusCode.OK, messages.Status);
        Assert.Contains("event: message_stop", messages.Body, StringComparison.Ordinal);
        Assert.Contains("\"text\":\" default\"", messages.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, responses.Status);
        Assert.Equal("shipped default works", responses.Json.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task ConfigFile_LayersOverTheShippedDefault()
    {
        var path = Path.Combine(_directory, "extra.json");
        await File.WriteAllTextAsync(path, """{"Gateway":{"ModelGroups":{"second":{"Deployments":[{"Upstream":"echo","Model":"echo-2"}]}}}}""");
        using var gateway = GatewayProcess.Start(_directory, "--config", path, "--urls", "http://127.0.0.1:0");
        var url = await gateway.WaitForListeningAsync(StartTimeout);

        var second = await Api.PostAsync(url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "second", "layered"));
        var demo = await Api.PostAsync(url + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "demo", "still there"));

        Assert.Equal(HttpStatusCode.OK, second.Status);
        // Responses name the model group the client asked for, whatever the deployment's model is called.
        Assert.Equal("second", second.Json.GetProperty("model").GetString());
        Assert.Equal(HttpStatusCode.OK, demo.Status);
    }
}
