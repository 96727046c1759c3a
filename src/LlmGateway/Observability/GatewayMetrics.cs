using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LlmGateway.Observability;

/// <summary>
/// The gateway's metrics, on one meter made by the host's <see cref="IMeterFactory"/> (so every host, test hosts
/// included, has its own) and exported at <c>/metrics</c> in Prometheus text format. Requests are recorded once, when
/// they complete; attempts where they fail, retry or fall back; never per SSE event. Label values come from the
/// configuration or from fixed sets, so the number of series stays bounded.
/// </summary>
/// <remarks>
/// Instrument names follow OpenTelemetry's conventions; the Prometheus exporter turns <c>llmgateway.requests</c> into
/// <c>llmgateway_requests_total</c> and a histogram in <c>s</c> into <c>…_seconds</c> (README, "Metrics").
/// </remarks>
internal sealed class GatewayMetrics
{
    public const string MeterName = "LlmGateway";

    // LLM latencies: milliseconds for gateway errors, seconds to minutes for generations.
    private static readonly IReadOnlyList<double> DurationBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600];

    private static readonly IReadOnlyList<double> FirstTokenBuckets = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];

    // Gateway work per request is well under a millisecond when all is well.
    private static readonly IReadOnlyList<double> OverheadBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _firstToken;
    private readonly Histogram<double> _overhead;
    private readonly Counter<long> _inputTokens;
    private readonly Counter<long> _outputTokens;
    private readonly Counter<long> _upstreamErrors;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _repairs;
    private readonly UpDownCounter<long> _streamsInFlight;
    private readonly Counter<long> _configurationReloads;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("llmgateway.requests", "{request}", "Completed /v1 requests by route, model group, deployment and HTTP status.");
        _duration = meter.CreateHistogram("llmgateway.request.duration", "s", "Time from request arrival until the response body was sent.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _firstToken = meter.CreateHistogram("llmgateway.time_to_first_token", "s", "Time from request arrival until the first bytes of a successful streamed response were sent.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FirstTokenBuckets });
        _overhead = meter.CreateHistogram("llmgateway.overhead", "s", "Time the gateway spent on a request before its response started, upstream waiting and retry backoff excluded.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = OverheadBuckets });
        _inputTokens = meter.CreateCounter<long>("llmgateway.input_tokens", "{token}", "Input tokens of completed responses, as the upstream reported them.");
        _outputTokens = meter.CreateCounter<long>("llmgateway.output_tokens", "{token}", "Output tokens of completed responses, as the upstream reported them.");
        _upstreamErrors = meter.CreateCounter<long>("llmgateway.upstream_errors", "{error}", "Upstream attempts that failed: an error status, no connection, a timeout, or a broken response body.");
        _retries = meter.CreateCounter<long>("llmgateway.retries", "{attempt}", "Attempts made again within a model group after a failure.");
        _fallbacks = meter.CreateCounter<long>("llmgateway.fallbacks", "{attempt}", "Attempts moved to a fallback model group.");
        _repairs = meter.CreateCounter<long>("llmgateway.normalizer_repairs", "{repair}", "Upstream defects the response normalizer repaired, by kind.");
        _streamsInFlight = meter.CreateUpDownCounter<long>("llmgateway.streams_in_flight", "{stream}", "Streaming requests being served now.");
        _configurationReloads = meter.CreateCounter<long>("llmgateway.config_reloads", "{reload}", "Configuration file changes: applied, rejected (invalid) or failed.");
    }

    /// <summary>Records a completed request: its count, durations and token usage.</summary>
    public void RequestCompleted(in RequestOutcome outcome)
    {
        var tags = new TagList
        {
            { "route", outcome.Route },
            { "group", outcome.Group },
            { "deployment", outcome.Deployment },
        };
        _duration.Record(outcome.DurationSeconds, tags);
        if (outcome.FirstTokenSeconds is { } firstToken)
        {
            _firstToken.Record(firstToken, tags);
        }

        if (outcome.OverheadSeconds is { } overhead)
        {
            _overhead.Record(overhead, tags);
        }

        var usage = new TagList { { "group", outcome.Group }, { "deployment", outcome.Deployment } };
        if (outcome.InputTokens is > 0 and var input)
        {
            _inputTokens.Add(input, usage);
        }

        if (outcome.OutputTokens is > 0 and var output)
        {
            _outputTokens.Add(output, usage);
        }

        tags.Add("status", outcome.Status);
        _requests.Add(1, tags);
    }

    /// <summary>One upstream attempt failed; <paramref name="reason"/> is one of a fixed set (README, "Metrics").</summary>
    public void UpstreamFailed(string group, string deployment, string reason) =>
        _upstreamErrors.Add(1, new TagList { { "group", group }, { "deployment", deployment }, { "reason", reason } });

    /// <summary>Another attempt is made in <paramref name="group"/> after a failure.</summary>
    public void Retried(string group) => _retries.Add(1, new TagList { { "group", group } });

    /// <summary>A request for <paramref name="group"/> moves on to <paramref name="fallbackGroup"/>.</summary>
    public void FellBack(string group, string fallbackGroup) =>
        _fallbacks.Add(1, new TagList { { "group", group }, { "fallback_group", fallbackGroup } });

    /// <summary>The normalizer repaired <paramref name="count"/> defects of one kind in one response.</summary>
    public void Repaired(string group, string deployment, string upstreamApi, string kind, int count) =>
        _repairs.Add(count, new TagList { { "group", group }, { "deployment", deployment }, { "upstream_api", upstreamApi }, { "kind", kind } });

    /// <summary>A streaming request for <paramref name="group"/> starts (+1) or ends (-1).</summary>
    public void StreamsInFlight(string group, int delta) => _streamsInFlight.Add(delta, new TagList { { "group", group } });

    /// <summary>A configuration change was handled; <paramref name="result"/> is <c>applied</c>, <c>rejected</c> or <c>failed</c>.</summary>
    public void ConfigurationReloaded(string result) => _configurationReloads.Add(1, new TagList { { "result", result } });
}
