using System.Net;
using LlmGateway.IntegrationTests.Infrastructure;

namespace LlmGateway.IntegrationTests.Keys;

/// <summary>The real executable with <c>Gateway:ApiKeys</c>: <c>env:</c> keys are resolved at start, and keys make a network address acceptable.</summary>
public sealed class KeyStartupTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("llmgateway-keys-").FullName;
    private readonly string _variable = "LLMGATEWAY_IT_START_KEY_" + Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task KeyFromAnUnsetVariable_ExitsNonZero_NamingTheKey()
    {
        using var gateway = GatewayProcess.Start(
            _directory, "--urls", "http://127.0.0.1:0", "--Gateway:ApiKeys:0:Name=ci", $"--Gateway:ApiKeys:0:Key=env:{_variable}");

        var exitCode = await gateway.WaitForExitAsync(StartTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("invalid configuration: Gateway:ApiKeys:0:Key", gateway.Output, StringComparison.Ordinal);
        Assert.Contains(_variable, gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonLoopbackAddressWithApiKeys_Starts_AndRequiresAKey()
    {
        // The child inherits this process's environment, which is where an operator's secret would come from.
        Environment.SetEnvironmentVariable(_variable, "sk-started-from-env");
        using var gateway = GatewayProcess.Start(
            _directory, "--urls", "http://0.0.0.0:0", "--Gateway:ApiKeys:0:Name=ci", $"--Gateway:ApiKeys:0:Key=env:{_variable}");
        var url = new Uri(await gateway.WaitForListeningAsync(StartTimeout));
        var loopback = $"http://127.0.0.1:{url.Port}";

        var keyed = await Api.PostAsync(loopback + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "demo", "from env"), ("x-api-key", "sk-started-from-env"));
        var anonymous = await Api.PostAsync(loopback + Api.MessagesPath, Api.MinimalBody(Api.MessagesPath, "demo"));

        Assert.Equal(HttpStatusCode.OK, keyed.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.DoesNotContain("sk-started-from-env", gateway.Output, StringComparison.Ordinal);
    }
}
