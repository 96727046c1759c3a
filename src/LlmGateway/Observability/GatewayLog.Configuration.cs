namespace LlmGateway.Observability;

/// <summary>Log events of configuration reloads (event ids 100-199).</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(
        EventId = 100,
        EventName = "ConfigurationReloaded",
        Level = LogLevel.Information,
        Message = "Configuration reloaded (generation {Generation}): {Groups} model groups, {Upstreams} upstreams, {Keys} API keys")]
    public static partial void ConfigurationReloaded(ILogger logger, int generation, int groups, int upstreams, int keys);

    [LoggerMessage(
        EventId = 101,
        EventName = "ConfigurationReloadRejected",
        Level = LogLevel.Error,
        Message = "Configuration reload rejected, generation {Generation} stays in effect: {Problems}")]
    public static partial void ConfigurationReloadRejected(ILogger logger, int generation, string problems);

    [LoggerMessage(
        EventId = 102,
        EventName = "ConfigurationUnchanged",
        Level = LogLevel.Information,
        Message = "Configuration files changed without changing the Gateway section; generation {Generation} stays in effect")]
    public static partial void ConfigurationUnchanged(ILogger logger, int generation);

    [LoggerMessage(
        EventId = 103,
        EventName = "ConfigurationNeedsRestart",
        Level = LogLevel.Warning,
        Message = "Configuration setting {Change} takes effect only after a restart; the rest of the configuration reloads")]
    public static partial void ConfigurationNeedsRestart(ILogger logger, string change);

    [LoggerMessage(
        EventId = 104,
        EventName = "ConfigurationReloadFailed",
        Level = LogLevel.Error,
        Message = "Configuration reload failed, generation {Generation} stays in effect")]
    public static partial void ConfigurationReloadFailed(ILogger logger, int generation, Exception exception);
}
