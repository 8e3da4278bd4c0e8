namespace CallActors.Actors.Supervision;

/// <summary>
/// Applies the decider's directive to the failed child only. A restart counts against the retry
/// budget (<c>maxNrOfRetries</c> within <c>withinTimeRange</c>); a child over budget is stopped.
/// </summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    private readonly Func<Exception, Directive> _decider;

    /// <param name="maxNrOfRetries">Restarts allowed within the window; -1 for no limit.</param>
    /// <param name="withinTimeRange">The window; null for "ever".</param>
    /// <param name="decider">Maps an exception to a directive.</param>
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNrOfRetries, -1);
        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        _decider = decider;
    }

    public OneForOneStrategy(Func<Exception, Directive> decider)
        : this(-1, null, decider)
    {
    }

    public int MaxNrOfRetries { get; }

    public TimeSpan? WithinTimeRange { get; }

    public override Directive Decide(Exception exception, ChildRestartStats stats, DateTimeOffset now)
    {
        var directive = _decider(exception);
        if (directive != Directive.Restart || MaxNrOfRetries < 0)
        {
            return directive;
        }

        if (WithinTimeRange is { } window && now - stats.WindowStart > window)
        {
            stats.WindowStart = now;
            stats.RetriesInWindow = 0;
        }

        if (stats.RetriesInWindow >= MaxNrOfRetries)
        {
            return Directive.Stop;
        }

        if (stats.RetriesInWindow == 0)
        {
            stats.WindowStart = now;
        }

        stats.RetriesInWindow++;
        return Directive.Restart;
    }
}
