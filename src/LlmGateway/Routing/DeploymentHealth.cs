using System.Collections.Concurrent;

namespace LlmGateway.Routing;

/// <summary>
/// Passive health of deployments: failures (retryable statuses, transport errors) within a sliding minute; at the
/// group's <see cref="FailoverPolicy.AllowedFails"/> the deployment cools down for <see cref="FailoverPolicy.Cooldown"/>,
/// or for the upstream's Retry-After when it said. Also counts requests in flight, for least-busy balancing.
/// State is keyed by names (group and deployment, upstream), not by objects, so it outlives a configuration reload
/// that keeps the deployment; <see cref="Retain"/> drops what a reload removed.
/// </summary>
internal sealed class DeploymentHealth(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string Group, string Name), State> _states = new(KeyComparer.Instance);

    /// <summary>Upstreams (by name) whose active check failed, until when they count as down.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _downUpstreams = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The active check of <paramref name="upstream"/> failed: its deployments count as down for <paramref name="duration"/>.</summary>
    public void ReportUpstreamDown(Upstream upstream, TimeSpan duration) => _downUpstreams[upstream.Name] = time.GetUtcNow() + duration;

    public void ReportUpstreamUp(Upstream upstream) => _downUpstreams.TryRemove(upstream.Name, out _);

    /// <summary>Forgets the state of deployments and upstreams that <paramref name="catalog"/> no longer has.</summary>
    public void Retain(ModelGroupCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var deployments = catalog.Groups.SelectMany(group => group.Deployments).Select(Key).ToHashSet(KeyComparer.Instance);
        foreach (var key in _states.Keys)
        {
            if (!deployments.Contains(key))
            {
                _states.TryRemove(key, out _);
            }
        }

        foreach (var name in _downUpstreams.Keys)
        {
            if (!catalog.Upstreams.ContainsKey(name))
            {
                _downUpstreams.TryRemove(name, out _);
            }
        }
    }

    public bool IsCoolingDown(Deployment deployment)
    {
        if (_downUpstreams.TryGetValue(deployment.Upstream.Name, out var downUntil) && downUntil > time.GetUtcNow())
        {
            return true;
        }

        if (!_states.TryGetValue(Key(deployment), out var state))
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
        var state = _states.GetOrAdd(Key(deployment), static _ => new State());
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
    public int InFlight(Deployment deployment) => _states.TryGetValue(Key(deployment), out var state) ? Volatile.Read(ref state.InFlight) : 0;

    /// <summary>True when the deployment is at its <see cref="Deployment.MaxConcurrency"/>.</summary>
    public bool IsFull(Deployment deployment) => deployment.MaxConcurrency is { } max && InFlight(deployment) >= max;

    /// <summary>Moving average of time to first byte in milliseconds, or 0 while unmeasured.</summary>
    public double Latency(Deployment deployment)
    {
        if (!_states.TryGetValue(Key(deployment), out var state))
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
        var state = _states.GetOrAdd(Key(deployment), static _ => new State());
        Interlocked.Increment(ref state.InFlight);
        return new InFlightScope(state);
    }

    public void ReportLatency(Deployment deployment, TimeSpan timeToFirstByte)
    {
        var state = _states.GetOrAdd(Key(deployment), static _ => new State());
        lock (state)
        {
            // Exponential moving average: recent answers count most, one slow answer does not dominate.
            var ms = timeToFirstByte.TotalMilliseconds;
            state.LatencyMs = state.LatencyMs == 0 ? ms : (0.8 * state.LatencyMs) + (0.2 * ms);
        }
    }

    public void ReportSuccess(Deployment deployment)
    {
        if (_states.TryGetValue(Key(deployment), out var state))
        {
            lock (state)
            {
                state.Failures.Clear();
            }
        }
    }

    private static (string Group, string Name) Key(Deployment deployment) => (deployment.Group, deployment.Name);

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

    /// <summary>Group and deployment names match case-insensitively, like the configuration keys and names they come from.</summary>
    private sealed class KeyComparer : IEqualityComparer<(string Group, string Name)>
    {
        public static KeyComparer Instance { get; } = new();

        public bool Equals((string Group, string Name) x, (string Group, string Name) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Group, y.Group) && StringComparer.OrdinalIgnoreCase.Equals(x.Name, y.Name);

        public int GetHashCode((string Group, string Name) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Group), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Name));
    }
}
