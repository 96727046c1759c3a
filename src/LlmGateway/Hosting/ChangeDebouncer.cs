namespace LlmGateway.Hosting;

/// <summary>
/// Runs an action once change notifications have stopped for a quiet period: editors save in several writes, and file
/// watchers report one save as several changes.
/// </summary>
internal sealed class ChangeDebouncer : IDisposable
{
    private readonly ITimer _timer;
    private readonly TimeSpan _quietPeriod;

    public ChangeDebouncer(TimeProvider time, TimeSpan quietPeriod, Action action)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(action);
        _quietPeriod = quietPeriod;
        _timer = time.CreateTimer(static state => ((Action)state!)(), action, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Something changed: run the action after the quiet period, unless another change comes first.</summary>
    public void Signal()
    {
        try
        {
            _timer.Change(_quietPeriod, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // A notification racing with shutdown.
        }
    }

    public void Dispose() => _timer.Dispose();
}
