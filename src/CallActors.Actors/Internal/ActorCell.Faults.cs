using CallActors.Actors.Supervision;

namespace CallActors.Actors.Internal;

/// <summary>Failure handling: a failed actor suspends itself and its parent decides.</summary>
internal sealed partial class ActorCell
{
    private object? _failedMessage;
    private Dictionary<IActorRef, ChildRestartStats>? _childStats;
    private SupervisorStrategy? _strategy;

    /// <summary>The root and the /user and /system guardians.</summary>
    private bool IsGuardian => ParentCell is null || ParentCell.ParentCell is null;

    private void HandleFailure(Exception exception)
    {
        _suspended = true;
        _failedMessage = _current.Message;
        System.Log.ActorFailed(Path.ToString(), _current.Message?.GetType().Name ?? "(none)", exception);
        System.EventStream.Publish(new ActorFailed(Self, exception, _current.Message));
        if (ParentCell is null)
        {
            // The root has nobody to ask; it never dies of a child's failure.
            BeginTerminate();
            return;
        }

        ParentCell.SendSystem(new Failed(Self, exception));
    }

    private void HandleChildFailure(Failed failed)
    {
        if (!_children.TryGetValue(failed.Child.Path.Name, out var child) || !ReferenceEquals(child, failed.Child))
        {
            return; // a child that has already gone
        }

        var strategy = _strategy ??= Props.SupervisorStrategy ?? _actor?.SupervisorStrategy() ?? SupervisorStrategy.DefaultStrategy;
        _childStats ??= [];
        if (!_childStats.TryGetValue(child, out var stats))
        {
            stats = new ChildRestartStats();
            _childStats[child] = stats;
        }

        var directive = strategy.Decide(failed.Cause, stats, System.TimeProvider.GetUtcNow());
        if (directive == Directive.Escalate && IsGuardian)
        {
            directive = Directive.Stop; // a guardian has nobody to escalate to: the process must not die of it
        }

        System.Log.SupervisorDecided(child.Path.ToString(), directive.ToString(), failed.Cause.GetType().Name);
        switch (directive)
        {
            case Directive.Resume:
                child.Cell.SendSystem(child.Cell._actor is null ? new Recreate(failed.Cause) : Resume.Instance);
                break;
            case Directive.Restart:
                child.Cell.SendSystem(new Recreate(failed.Cause));
                break;
            case Directive.Stop:
                child.Cell.SendSystem(Terminate.Instance);
                break;
            case Directive.Escalate:
                _current = new Envelope(failed, null);
                HandleFailure(failed.Cause);
                break;
        }
    }
}
