namespace CallActors.Edge.Crossbar;

/// <summary>
/// Which API modules run, changed while the node runs (<c>sup crossbar_maintenance start_module/stop_module</c>).
/// Every module the node was built with is known (its noun parses, as in Crossbar); only running ones answer, the others
/// give 404. Stopping drains: new requests get 404 at once, requests already inside finish (up to the drain timeout)
/// before the module counts as stopped.
/// </summary>
public sealed class ModuleRegistry
{
    private readonly Dictionary<string, Slot> _byName;
    private readonly Dictionary<string, Slot> _byNoun;
    private readonly TimeSpan _drainTimeout;
    private readonly Lock _changes = new();

    public ModuleRegistry(IEnumerable<CrossbarModule> catalog, TimeSpan drainTimeout)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var slots = catalog.Select(m => new Slot(m)).ToList();
        _byName = slots.ToDictionary(s => s.Module.Name, StringComparer.Ordinal);
        _byNoun = slots.ToDictionary(s => s.Module.Noun, StringComparer.Ordinal);
        _drainTimeout = drainTimeout;
    }

    /// <summary>Every module the node knows, running or not, by name.</summary>
    public IReadOnlyCollection<string> Known => _byName.Keys;

    /// <summary>The known module answering <paramref name="noun"/>, whatever its state.</summary>
    public CrossbarModule? FindByNoun(string noun) => _byNoun.TryGetValue(noun, out var slot) ? slot.Module : null;

    public bool IsRunning(string name) => _byName.TryGetValue(name, out var slot) && slot.State == ModuleState.Running;

    /// <summary>Running and draining modules with their state, by name.</summary>
    public IReadOnlyList<(string Name, ModuleState State, int InFlight)> Modules() =>
        [.. _byName.Values.Where(s => s.State != ModuleState.Stopped).OrderBy(s => s.Module.Name, StringComparer.Ordinal).Select(s => (s.Module.Name, s.State, Volatile.Read(ref s.InFlight)))];

    /// <summary>The modules answering requests now.</summary>
    public IReadOnlyList<CrossbarModule> Running() =>
        [.. _byName.Values.Where(s => s.State == ModuleState.Running).OrderBy(s => s.Module.Name, StringComparer.Ordinal).Select(s => s.Module)];

    /// <summary>Admits a request to the module if it runs; dispose the lease when the request is done.</summary>
    public bool TryEnter(CrossbarModule module, out Lease lease)
    {
        ArgumentNullException.ThrowIfNull(module);
        var slot = _byNoun[module.Noun];
        // Count first, then look at the state: a stop that sets Draining and then reads the count cannot miss us.
        Interlocked.Increment(ref slot.InFlight);
        if (slot.State != ModuleState.Running)
        {
            slot.Exit();
            lease = default;
            return false;
        }
        lease = new Lease(slot);
        return true;
    }

    public ModuleChange Start(string name)
    {
        if (!_byName.TryGetValue(name, out var slot))
        {
            return ModuleChange.Unknown;
        }
        lock (_changes)
        {
            if (slot.State == ModuleState.Running)
            {
                return ModuleChange.AlreadyInThatState;
            }
            if (slot.State == ModuleState.Draining)
            {
                return ModuleChange.Busy;
            }
            slot.State = ModuleState.Running;
            return ModuleChange.Done;
        }
    }

    /// <summary>Stops a module: refuses new requests now, waits for those in flight (up to the drain timeout).</summary>
    /// <returns>The outcome and how many requests were still running when the drain timeout passed (0 normally).</returns>
    public async Task<(ModuleChange Change, int Abandoned)> StopAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!_byName.TryGetValue(name, out var slot))
        {
            return (ModuleChange.Unknown, 0);
        }
        Task drained;
        lock (_changes)
        {
            if (slot.State == ModuleState.Stopped)
            {
                return (ModuleChange.AlreadyInThatState, 0);
            }
            if (slot.State == ModuleState.Draining)
            {
                return (ModuleChange.Busy, 0);
            }
            slot.Drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            slot.State = ModuleState.Draining;
            if (Volatile.Read(ref slot.InFlight) == 0)
            {
                slot.Drained.TrySetResult();
            }
            drained = slot.Drained.Task;
        }
        var abandoned = 0;
        try
        {
            await drained.WaitAsync(_drainTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            abandoned = Volatile.Read(ref slot.InFlight);
        }
        lock (_changes)
        {
            slot.State = ModuleState.Stopped;
        }
        return (ModuleChange.Done, abandoned);
    }

    /// <summary>A request inside a module; disposing it lets a draining module finish stopping.</summary>
    public readonly struct Lease : IDisposable
    {
        private readonly Slot? _slot;

        internal Lease(Slot slot) => _slot = slot;

        public void Dispose() => _slot?.Exit();
    }

    internal sealed class Slot(CrossbarModule module)
    {
        public int InFlight;
        private volatile ModuleState _state = ModuleState.Stopped;

        public CrossbarModule Module { get; } = module;

        public ModuleState State
        {
            get => _state;
            set => _state = value;
        }

        public TaskCompletionSource? Drained { get; set; }

        public void Exit()
        {
            if (Interlocked.Decrement(ref InFlight) == 0 && _state == ModuleState.Draining)
            {
                Drained?.TrySetResult();
            }
        }
    }
}

/// <summary>Where a module is: answering, finishing its requests before it stops, or stopped.</summary>
public enum ModuleState
{
    Stopped,
    Running,
    Draining,
}

/// <summary>The outcome of a start or stop.</summary>
public enum ModuleChange
{
    Done,
    AlreadyInThatState,
    Busy,
    Unknown,
}
