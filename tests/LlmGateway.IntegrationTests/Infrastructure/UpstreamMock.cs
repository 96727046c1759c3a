using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>A WireMock upstream on 127.0.0.1 (never all interfaces), with helpers for LLM-style answers.</summary>
public sealed class UpstreamMock : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });

    /// <summary>Base URL without a path, e.g. <c>http://127.0.0.1:40001</c>.</summary>
    public string Url => $"http://127.0.0.1:{_server.Ports[0]}";

    public IReadOnlyList<ILogEntry> Requests => [.. _server.LogEntries];

    public UpstreamMock RespondJson(string path, int status, string body, params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        _server.Given(Request.Create().WithPath(path).UsingPost()).RespondWith(response);
        return this;
    }

    /// <summary>Answers the requests to <paramref name="path"/> with the given JSON answers in turn; the last one repeats.</summary>
    public UpstreamMock RespondJsonInTurn(string path, params (int Status, string Body)[] answers)
    {
        var scenario = "turns " + path;
        for (var i = 0; i < answers.Length; i++)
        {
            var response = Response.Create().WithStatusCode(answers[i].Status).WithHeader("Content-Type", "application/json").WithBody(answers[i].Body);
            var mapping = _server.Given(Request.Create().WithPath(path).UsingPost()).InScenario(scenario);
            mapping = i == 0 ? mapping : mapping.WhenStateIs($"turn {i}");
            if (i < answers.Length - 1)
            {
                mapping = mapping.WillSetStateTo($"turn {i + 1}");
            }

            mapping.RespondWith(response);
        }

        return this;
    }

    public UpstreamMock RespondSse(string path, string body)
    {
        _server.Given(Request.Create().WithPath(path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/event-stream").WithBody(body));
        return this;
    }

    /// <summary>Answers <paramref name="path"/> with an SSE body after <paramref name="delay"/> (before the headers).</summary>
    public UpstreamMock RespondSse(string path, string body, TimeSpan delay)
    {
        _server.Given(Request.Create().WithPath(path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/event-stream").WithBody(body).WithDelay(delay));
        return this;
    }

    public void Dispose() => _server.Stop();
}
