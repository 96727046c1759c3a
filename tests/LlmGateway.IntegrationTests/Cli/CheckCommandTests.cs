using LlmGateway.IntegrationTests.Infrastructure;

namespace LlmGateway.IntegrationTests.Cli;

/// <summary><c>LlmGateway check</c> as an operator runs it: the real executable, its exit code and its output.</summary>
public sealed class CheckCommandTests : IDisposable
{
    private const string UpstreamKey = "sk-upstream-never-printed";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("llmgateway-check-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ValidConfig_PrintsGroupsDeployments_AndWhatGetsTranslated()
    {
        var config = await WriteConfigAsync($$$"""
            {"Gateway":{
              "Upstreams":{
                "anthropicish":{"BaseUrl":"http://127.0.0.1:9/v1","Apis":["messages","responses"],"ApiKey":"{{{UpstreamKey}}}"},
                "chatonly":{"BaseUrl":"http://127.0.0.1:9/chat/v1","Apis":["chat-completions"]}
              },
              "ModelGroups":{
                "mixed":{"LoadBalancing":"round-robin","Retries":4,"Fallbacks":["demo"],"Deployments":[
                  {"Upstream":"anthropicish","Model":"claude-local","Weight":3},
                  {"Upstream":"chatonly","Model":"qwen","Name":"qwen-chat","MaxConcurrency":2}]},
                "chat-only":{"Deployments":[{"Upstream":"chatonly","Model":"qwen"}]}
              }
            }}
            """);

        var (exitCode, output) = await GatewayProcess.RunAsync(_directory, RunTimeout, "check", "--config", config);

        Assert.True(exitCode == 0, output);
        Assert.Contains("the configuration is valid", output, StringComparison.Ordinal);
        Assert.Contains(config, output, StringComparison.Ordinal);
        Assert.DoesNotContain(UpstreamKey, output, StringComparison.Ordinal);

        var upstreams = CliOutput.Section(output, "Upstreams");
        Assert.Matches(@"^  anthropicish\s+http://127\.0\.0\.1:9/v1\s+messages, responses\s+set$", CliOutput.Row(upstreams, "anthropicish"));
        Assert.Matches(@"^  chatonly\s+http://127\.0\.0\.1:9/chat/v1\s+chat-completions\s+-$", CliOutput.Row(upstreams, "chatonly"));

        var mixed = CliOutput.Section(output, "Model group \"mixed\"");
        Assert.Contains("load balancing round-robin, retries 4, fallbacks: demo", mixed[0], StringComparison.Ordinal);
        Assert.Matches(@"^  anthropicish/claude-local\s+anthropicish\s+claude-local\s+3\s+-\s+messages, responses$", CliOutput.Row(mixed, "anthropicish/claude-local"));
        Assert.Matches(@"^  qwen-chat\s+chatonly\s+qwen\s+1\s+2\s+chat-completions$", CliOutput.Row(mixed, "qwen-chat"));

        // Each client API: native where a deployment speaks it; the others only when no native one is available.
        var mixedRoutes = CliOutput.Section(output.Split("Model group \"mixed\"")[1], "  CLIENT API");
        Assert.EndsWith(
            "native on anthropicish/claude-local; when none of those is available, translated: messages -> chat-completions on qwen-chat",
            CliOutput.Row(mixedRoutes, "messages"),
            StringComparison.Ordinal);
        Assert.EndsWith(
            "native on anthropicish/claude-local; when none of those is available, translated: responses -> chat-completions on qwen-chat",
            CliOutput.Row(mixedRoutes, "responses"),
            StringComparison.Ordinal);
        Assert.EndsWith(
            "native on qwen-chat; when none of those is available, translated: chat-completions -> responses on anthropicish/claude-local",
            CliOutput.Row(mixedRoutes, "chat-completions"),
            StringComparison.Ordinal);

        var chatOnlyRoutes = CliOutput.Section(output.Split("Model group \"chat-only\"")[1], "  CLIENT API");
        Assert.EndsWith("translated: messages -> chat-completions on chatonly/qwen", CliOutput.Row(chatOnlyRoutes, "messages"), StringComparison.Ordinal);
        Assert.EndsWith("translated: responses -> chat-completions on chatonly/qwen", CliOutput.Row(chatOnlyRoutes, "responses"), StringComparison.Ordinal);
        Assert.EndsWith("native on chatonly/qwen", CliOutput.Row(chatOnlyRoutes, "chat-completions"), StringComparison.Ordinal);

        // The shipped default is layered underneath.
        Assert.Contains("Model group \"demo\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidConfig_ExitsOne_WithOneValidatorLinePerProblem()
    {
        var config = await WriteConfigAsync("""
            {"Gateway":{"ModelGroups":{"bad":{"Deployments":[
              {"Upstream":"missing","Model":"m"},
              {"Upstream":"echo","Model":"m","Weight":0}]}}
            }}
            """);

        var (exitCode, output) = await GatewayProcess.RunAsync(_directory, RunTimeout, "check", "--config", config);

        Assert.Equal(1, exitCode);
        var lines = CliOutput.Lines(output);
        Assert.Contains(lines, line => line.StartsWith("LlmGateway: invalid configuration: Gateway:ModelGroups:bad:Deployments:0:Upstream: unknown upstream 'missing'", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("LlmGateway: invalid configuration: Gateway:ModelGroups:bad:Deployments:1:Weight:", StringComparison.Ordinal));
        Assert.DoesNotContain("the configuration is valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingConfigFile_ExitsOne_NamingIt()
    {
        var (exitCode, output) = await GatewayProcess.RunAsync(_directory, RunTimeout, "check", "--config", Path.Combine(_directory, "absent.json"));

        Assert.Equal(1, exitCode);
        Assert.Contains("invalid configuration: --config:", output, StringComparison.Ordinal);
        Assert.Contains("absent.json", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutConfig_ChecksTheShippedDefault_AndSaysSo()
    {
        var (exitCode, output) = await GatewayProcess.RunAsync(_directory, RunTimeout, "check");

        Assert.True(exitCode == 0, output);
        Assert.Contains("shipped appsettings.json only (no --config given)", output, StringComparison.Ordinal);
        var demo = CliOutput.Section(output.Split("Model group \"demo\"")[1], "  CLIENT API");
        Assert.EndsWith("native on echo/echo-1", CliOutput.Row(demo, "responses"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_PrintsUsage_AndAnUnknownVerbExitsTwo()
    {
        var help = await GatewayProcess.RunAsync(_directory, RunTimeout, "--help");
        var unknown = await GatewayProcess.RunAsync(_directory, RunTimeout, "chekc");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("LlmGateway check [--config FILE]", help.Output, StringComparison.Ordinal);
        Assert.Contains("LlmGateway doctor", help.Output, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown command 'chekc'", unknown.Output, StringComparison.Ordinal);
    }

    private async Task<string> WriteConfigAsync(string json)
    {
        var path = Path.Combine(_directory, "gateway.json");
        await File.WriteAllTextAsync(path, json);
        return path;
    }
}
