using System.Net;
using System.Net.Sockets;
using LlmGateway.IntegrationTests.Infrastructure;

namespace LlmGateway.IntegrationTests.Errors;

/// <summary>Upstream error statuses keep their code and get the client's error shape, whatever shape the upstream used.</summary>
public sealed class UpstreamErrorTests : IDisposable
{
    private const string UpstreamKey = "sk-upstream-secret";

    private readonly UpstreamMock _upstream = new();

    public void Dispose() => _upstream.Dispose();

    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var path in new[] { Api.MessagesPath, Api.ResponsesPath })
        {
            foreach (var status in new[] { 429, 500, 529 })
            {
                data.Add(path, status, "anthropic");
                data.Add(path, status, "openai");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task UpstreamError_KeepsStatus_AndIsReshapedForTheClient(string path, int status, string upstreamShape)
    {
        var upstreamBody = upstreamShape == "anthropic"
            ? """{"type":"error","error":{"type":"overloaded_error","message":"upstream says slow down"}}"""
            : """{"error":{"message":"upstream says slow down","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}}""";
        _upstream.RespondJson(path, status, upstreamBody, ("request-id", "req_upstream_own"));
        using var gateway = StartGateway(_upstream.Url + "/v1");

        var response = await Api.PostAsync(gateway.Url + path, Api.MinimalBody(path, "grp"));

        Assert.Equal(status, (int)response.Status);
        Assert.StartsWith("application/json", response.Header("Content-Type"), StringComparison.Ordinal);
        var expectedAnthropicType = status switch { 429 => "rate_limit_error", 529 => "overloaded_error", _ => "api_error" };
        var expectedOpenAIType = status == 429 ? "rate_limit_error" : "server_error";
        var message = ErrorShape.AssertShape(path, response, expectedAnthropicType, expectedOpenAIType);
        Assert.Equal("upstream says slow down", message);
        Assert.NotEqual("req_upstream_own", response.Header("x-request-id"));
    }

    [Theory]
    [InlineData(Api.MessagesPath)]
    [InlineData(Api.ResponsesPath)]
    public async Task ConnectionRefused_Returns502InTheClientsShape_WithoutUpstreamDetails(string path)
    {
        var closedPort = ReserveClosedPort();
        using var gateway = StartGateway($"http://127.0.0.1:{closedPort}/v1");

        var response = await Api.PostAsync(gateway.Url + path, Api.MinimalBody(path, "grp"));

        Assert.Equal(HttpStatusCode.BadGateway, response.Status);
        var message = ErrorShape.AssertShape(path, response, "api_error", "server_error");
        Assert.DoesNotContain("127.0.0.1", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(closedPort.ToString(System.Globalization.CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
        Assert.DoesNotContain(UpstreamKey, response.Body, StringComparison.Ordinal);
        Assert.NotNull(response.Header("x-request-id"));
    }

    private static GatewayFactory StartGateway(string baseUrl) => GatewayFactory.Start(new GatewaySettings()
        .WithUpstream("up", baseUrl, UpstreamKey, "messages", "responses")
        .WithDeployment("grp", "up", "model-x"));

    /// <summary>A loopback port that was free a moment ago and now has no listener, so connecting is refused.</summary>
    private static int ReserveClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
