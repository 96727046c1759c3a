using System.Net;
using System.Text;
using LlmGateway.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.IntegrationTests.Failover;

/// <summary>
/// 200 concurrent streams through a group of three deployments, one of which fails every other request with a 503:
/// every stream completes intact and in order. Counts, not timings, are asserted.
/// </summary>
public sealed class FlakyGroupLoadTests
{
    private const int Streams = 200;

    [Fact]
    public async Task TwoHundredConcurrentStreams_OneDeploymentFailingHalf_AllCompleteIntact()
    {
        await using var flaky = await FlakyUpstream.StartAsync(UpstreamScenario.PlainText.MessagesStream());
        using var good1 = new UpstreamMock();
        using var good2 = new UpstreamMock();
        good1.RespondSse("/v1/messages", UpstreamScenario.PlainText.MessagesStream());
        good2.RespondSse("/v1/messages", UpstreamScenario.PlainText.MessagesStream());
        using var gateway = GatewayFactory.Start(new GatewaySettings()
            .WithUpstream("flaky", flaky.Url + "/v1", null, "messages")
            .WithUpstream("good1", good1.Url + "/v1", null, "messages")
            .WithUpstream("good2", good2.Url + "/v1", null, "messages")
            .WithDeployment("load", "flaky", "m")
            .WithDeployment("load", "good1", "m")
            .WithDeployment("load", "good2", "m")

            // A high threshold keeps the flaky deployment in rotation, so failover is exercised throughout.
            .Set("Gateway:ModelGroups:load:AllowedFails", "1000"));

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromMinutes(2) };
        var body = Api.MinimalBody(Api.MessagesPath, "load", stream: true);
        var results = await Task.WhenAll(Enumerable.Range(0, Streams).Select(async _ =>
        {
            using var response = await client.PostAsync(gateway.Url + Api.MessagesPath, new StringContent(body, Encoding.UTF8, "application/json"));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        foreach (var (status, text) in results)
        {
            Assert.Equal(HttpStatusCode.OK, status);
            var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(frame => frame.Split('\n')[0]).ToList();
            Assert.Equal("event: message_start", events[0]);
            Assert.Equal("event: message_stop", events[^1]);
            Assert.DoesNotContain("event: error", events);
            var deltas = text.Split("\"text\":\"").Skip(2).Select(p => p[..p.IndexOf('"', StringComparison.Ordinal)]);
            Assert.Equal("Hello from the upstream.", string.Concat(deltas));
        }

        Assert.True(flaky.Failures > 0, "the flaky deployment was never asked");
    }

    /// <summary>A Kestrel upstream that answers every other request with a 503 and the rest with a fixed SSE stream.</summary>
    private sealed class FlakyUpstream : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _requests;
        private int _failures;

        private FlakyUpstream(WebApplication app) => _app = app;

        public string Url => _app.Urls.First();

        public int Failures => Volatile.Read(ref _failures);

        public static async Task<FlakyUpstream> StartAsync(string stream)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var upstream = new FlakyUpstream(app);
            app.MapPost("/v1/messages", async context =>
            {
                if (Interlocked.Increment(ref upstream._requests) % 2 == 0)
                {
                    Interlocked.Increment(ref upstream._failures);
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    await context.Response.WriteAsync("""{"type":"error","error":{"type":"overloaded_error","message":"busy"}}""");
                    return;
                }

                context.Response.ContentType = "text/event-stream";
                await context.Response.WriteAsync(stream);
            });
            await app.StartAsync();
            return upstream;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
