using System.Text;
using LlmGateway.IntegrationTests.Infrastructure;

namespace LlmGateway.IntegrationTests.Timeouts;

/// <summary>A client that hangs up mid-stream: the gateway must drop the upstream request at once, not at its idle timeout.</summary>
public sealed class ClientDisconnectTests
{
    [Theory]
    [InlineData(Api.MessagesPath)]
    [InlineData(Api.ResponsesPath)]
    public async Task ClientDisconnectsMidStream_UpstreamConnectionIsClosed(string path)
    {
        await using var upstream = new PacedUpstream([PacedStep.Now(MessagesStream.Start + MessagesStream.Hello)], stallAtEnd: true);
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("stalling", upstream.Url + "/v1", null, "messages")
            .WithDeployment("stallgroup", "stalling", "m"));

        using (var client = new HttpClient())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, gateway.Url + path)
            {
                Content = new StringContent(Api.MinimalBody(path, "stallgroup", stream: true), Encoding.UTF8, "application/json"),
            };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[256];
            Assert.True(await body.ReadAsync(buffer) > 0);

            // Leaving the block disposes the response and the client, which closes the connection mid-stream.
        }

        // Generous bound for a 2-core machine; the point is that it is not the 120 s idle timeout.
        await upstream.ClosedByGateway.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
