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

    public bool IsCoolingDown(Deployment deployment)
    {
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

    private sealed class State
    {
        public Queue<DateTimeOffset> Failures { get; } = new();

        public DateTimeOffset CoolUntil { get; set; }
    }
}
