using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>A Serilog sink that keeps every event; registered in DI, the gateway's <c>ReadFrom.Services</c> picks it up.</summary>
public sealed class CapturingSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
}
