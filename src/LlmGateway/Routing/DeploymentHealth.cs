namespace LlmGateway.Routing;

/// <summary>
/// Passive health of deployments: failures (retryable statuses, transport errors) within a sliding minute; at the
/// group's <see cref="FailoverPolicy.AllowedFails"/> the deployment cools down for <see cref="FailoverPolicy.Cooldown"/>,
/// or for the upstream's Retry-After when it said. Also counts requests in flight, for least-busy balancing.
/// </summary>
internal sealed class DeploymentHealth(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Deployment, State> _states = new();

    /// <summary>Upstreams whose active check failed, until when they count as down.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Upstream, DateTimeOffset> _downUpstreams = new();

    /// <summary>The active check of <paramref name="upstream"/> failed: its deployments count as down for <paramref name="duration"/>.</summary>
    public void ReportUpstreamDown(Upstream upstream, TimeSpan duration) => _downUpstreams[upstream] = time.GetUtcNow() + duration;

    public void ReportUpstreamUp(Upstream upstream) => _downUpstreams.TryRemove(upstream, out _);

    public bool IsCoolingDown(Deployment deployment)
    {
        if (_downUpstreams.TryGetValue(deployment.Upstream, out var downUntil) && downUntil > time.GetUtcNow())
        {
            return true;
        }

        if (!_states.TryGetValue(deployment, out var state))
        {
            return false;
        }

        lock (state)
        {
            return state.CoolUntil > time.GetUtcNow();
        }
    }

    public void ReportFailure(Deployment deployment, FailoverPolicy policy, TimeSpan? retryAfter)
    {
        var state = _states.GetOrAdd(deployment, static _ => new State());
        var now = time.GetUtcNow();
        lock (state)
        {
            state.Failures.Enqueue(now);
            while (state.Failures.Count > 0 && now - state.Failures.Peek() > Window)
            {
                state.Failures.Dequeue();
            }

            if (state.Failures.Count >= policy.AllowedFails || retryAfter is not null)
            {
                // An upstream that says when to come back is believed at once.
                state.CoolUntil = now + (retryAfter ?? policy.Cooldown);
                state.Failures.Clear();
            }
        }
    }

    /// <summary>Requests in flight on the deployment.</summary>
    public int InFlight(Deployment deployment) => _states.TryGetValue(deployment, out var state) ? Volatile.Read(ref state.InFlight) : 0;

    /// <summary>True when the deployment is at its <see cref="Deployment.MaxConcurrency"/>.</summary>
    public bool IsFull(Deployment deployment) => deployment.MaxConcurrency is { } max && InFlight(deployment) >= max;

    /// <summary>Moving average of time to first byte in milliseconds, or 0 while unmeasured.</summary>
    public double Latency(Deployment deployment)
    {
        if (!_states.TryGetValue(deployment, out var state))
        {
            return 0;
        }

        lock (state)
        {
            return state.LatencyMs;
        }
    }

    /// <summary>Counts a request in flight until the returned scope is disposed.</summary>
    public InFlightScope Begin(Deployment deployment)
    {
        var state = _states.GetOrAdd(deployment, static _ => new State());
        Interlocked.Increment(ref state.InFlight);
        return new InFlightScope(state);
    }

    public void ReportLatency(Deployment deployment, TimeSpan timeToFirstByte)
    {
        var state = _states.GetOrAdd(deployment, static _ => new State());
        lock (state)
        {
            // Exponential moving average: recent answers count most, one slow answer does not dominate.
            var ms = timeToFirstByte.TotalMilliseconds;
            state.LatencyMs = state.LatencyMs == 0 ? ms : (0.8 * state.LatencyMs) + (0.2 * ms);
        }
    }

    public void ReportSuccess(Deployment deployment)
    {
        if (_states.TryGetValue(deployment, out var state))
        {
            lock (state)
            {
                state.Failures.Clear();
            }
        }
    }

    /// <summary>Ends an in-flight count.</summary>
    internal readonly struct InFlightScope(State state) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref state.InFlight);
    }

    internal sealed class State
    {
#pragma warning disable SA1401, CA1051 // a field, so Interlocked can update it
        public int InFlight;
#pragma warning restore SA1401, CA1051

        public Queue<DateTimeOffset> Failures { get; } = new();

        public DateTimeOffset CoolUntil { get; set; }

        public double LatencyMs { get; set; }
    }
}
