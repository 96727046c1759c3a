using LlmGateway.Configuration;

namespace LlmGateway.Routing;

/// <summary>The timeouts that apply to one deployment, defaults filled in.</summary>
internal sealed record UpstreamTimeouts(TimeSpan Connect, TimeSpan FirstToken, TimeSpan Idle)
{
    public static UpstreamTimeouts Default { get; } = new(
        TimeoutOptions.DefaultConnectTimeout,
        TimeoutOptions.DefaultFirstTokenTimeout,
        TimeoutOptions.DefaultIdleTimeout);

    /// <summary>Group overrides win over the upstream's settings, which win over the defaults.</summary>
    public static UpstreamTimeouts Resolve(TimeoutOptions group, UpstreamOptions upstream)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(upstream);
        return new UpstreamTimeouts(
            group.ConnectTimeout ?? upstream.ConnectTimeout ?? Default.Connect,
            group.FirstTokenTimeout ?? upstream.FirstTokenTimeout ?? Default.FirstToken,
            group.IdleTimeout ?? upstream.IdleTimeout ?? Default.Idle);
    }
}
