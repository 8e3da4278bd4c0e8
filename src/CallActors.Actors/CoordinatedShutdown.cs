using CallActors.Actors.Internal;

namespace CallActors.Actors;

/// <summary>One step of coordinated shutdown: its tasks run together, and the next phase waits for them (or the timeout).</summary>
public sealed record ShutdownPhase(string Name, TimeSpan Timeout);

/// <summary>Why the system is shutting down.</summary>
public sealed record ShutdownReason(string Description)
{
    public static ShutdownReason ActorSystemTerminate { get; } = new("actor system terminate");

    public static ShutdownReason ProcessSignal { get; } = new("SIGTERM/SIGINT");

    public override string ToString() => Description;
}

/// <summary>
/// Stops a node in ordered phases, as Akka's CoordinatedShutdown does: stop accepting work, let
/// requests finish, stop services, stop actors, flush storage, end. Run is idempotent: every
/// caller gets the same task.
/// </summary>
public sealed class CoordinatedShutdown
{
    public const string PhaseBeforeServiceUnbind = "before-service-unbind";
    public const string PhaseServiceUnbind = "service-unbind";
    public const string PhaseServiceRequestsDone = "service-requests-done";
    public const string PhaseServiceStop = "service-stop";
    public const string PhaseBeforeClusterShutdown = "before-cluster-shutdown";
    public const string PhaseClusterShardingShutdownRegion = "cluster-sharding-shutdown-region";
    public const string PhaseClusterLeave = "cluster-leave";
    public const string PhaseClusterShutdown = "cluster-shutdown";
    public const string PhaseBeforeActorSystemTerminate = "before-actor-system-terminate";

    /// <summary>Stops every actor (the kernel's own task); persistent actors finish their writes first.</summary>
    public const string PhaseActorSystemTerminate = "actor-system-terminate";

    /// <summary>After the actors: flush and close storage, so that everything acknowledged is on disk.</summary>
    public const string PhaseStorageFlush = "storage-flush";

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public static IReadOnlyList<ShutdownPhase> DefaultPhases { get; } =
    [
        new(PhaseBeforeServiceUnbind, DefaultTimeout),
        new(PhaseServiceUnbind, DefaultTimeout),
        new(PhaseServiceRequestsDone, DefaultTimeout),
        new(PhaseServiceStop, DefaultTimeout),
        new(PhaseBeforeClusterShutdown, DefaultTimeout),
        new(PhaseClusterShardingShutdownRegion, TimeSpan.FromSeconds(10)),
        new(PhaseClusterLeave, DefaultTimeout),
        new(PhaseClusterShutdown, DefaultTimeout),
        new(PhaseBeforeActorSystemTerminate, DefaultTimeout),
        new(PhaseActorSystemTerminate, TimeSpan.FromSeconds(10)),
        new(PhaseStorageFlush, TimeSpan.FromSeconds(30)),
    ];

    private readonly ActorSystem _system;
    private readonly IReadOnlyList<ShutdownPhase> _phases;
    private readonly Dictionary<string, List<(string Name, Func<CancellationToken, Task> Run)>> _tasks;
    private readonly Lock _gate = new();
    private Task? _run;

    internal CoordinatedShutdown(ActorSystem system, IReadOnlyList<ShutdownPhase> phases)
    {
        _system = system;
        _phases = phases;
        _tasks = phases.ToDictionary(p => p.Name, _ => new List<(string, Func<CancellationToken, Task>)>(), StringComparer.Ordinal);
        if (!_tasks.ContainsKey(PhaseActorSystemTerminate))
        {
            throw new ArgumentException($"the shutdown phases must include '{PhaseActorSystemTerminate}'", nameof(phases));
        }

        AddTask(PhaseActorSystemTerminate, "stop-all-actors", _ => system.StopAllActorsAsync());
    }

    public IReadOnlyList<ShutdownPhase> Phases => _phases;

    /// <summary>The reason given to the first Run, once shutdown has started.</summary>
    public ShutdownReason? Reason { get; private set; }

    /// <summary>Adds a task to a phase; tasks of one phase run concurrently.</summary>
    public void AddTask(string phase, string taskName, Func<CancellationToken, Task> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        lock (_gate)
        {
            if (_run is not null)
            {
                throw new InvalidOperationException($"cannot add shutdown task '{taskName}': shutdown has already started");
            }

            if (!_tasks.TryGetValue(phase, out var list))
            {
                throw new ArgumentException($"unknown shutdown phase '{phase}'; known phases: {string.Join(", ", _phases.Select(p => p.Name))}", nameof(phase));
            }

            list.Add((taskName, task));
        }
    }

    /// <summary>Runs every phase in order; later calls return the same task.</summary>
    public Task Run(ShutdownReason reason)
    {
        lock (_gate)
        {
            if (_run is null)
            {
                Reason = reason;
                _run = Task.Run(() => RunPhasesAsync(reason));
            }

            return _run;
        }
    }

    private async Task RunPhasesAsync(ShutdownReason reason)
    {
        _system.Log.ShutdownStarted(reason.Description);
        foreach (var phase in _phases)
        {
            var tasks = _tasks[phase.Name];
            if (tasks.Count == 0)
            {
                continue;
            }

            _system.Log.ShutdownPhaseStarted(phase.Name, tasks.Count);
            using var timeout = new CancellationTokenSource(phase.Timeout, _system.TimeProvider);
            await Task.WhenAll(tasks.Select(t => RunTaskAsync(phase, t.Name, t.Run, timeout.Token))).ConfigureAwait(false);
        }
    }

    private async Task RunTaskAsync(ShutdownPhase phase, string name, Func<CancellationToken, Task> run, CancellationToken timeout)
    {
        try
        {
            await run(timeout).WaitAsync(phase.Timeout, _system.TimeProvider, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            _system.Log.ShutdownTaskFailed(phase.Name, name, $"timed out after {phase.Timeout.TotalMilliseconds:0} ms", ex);
        }
        catch (Exception ex)
        {
            // A failed task must not stop later phases from running (Akka's 'recover = on').
            _system.Log.ShutdownTaskFailed(phase.Name, name, ex.Message, ex);
        }
    }
}
