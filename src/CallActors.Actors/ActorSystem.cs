using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CallActors.Actors.Internal;
using Microsoft.Extensions.Logging;

namespace CallActors.Actors;

/// <summary>
/// The root container of actors: owns the hierarchy (<c>/user</c> for application actors,
/// <c>/system</c> for the kernel's own), the event stream, dead letters, extensions and the
/// coordinated shutdown that ends it.
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private static readonly Meter KernelMeter = new("CallActors.Actors");
    private static readonly Counter<long> DeadLetterCounter = KernelMeter.CreateCounter<long>("callactors.actors.dead_letters");

    private readonly ActorCell _root;
    private readonly ActorCell _userGuardian;
    private readonly ActorCell _systemGuardian;
    private readonly ConcurrentDictionary<Type, object> _extensions = new();
    private long _deadLetterCount;
    private long _tempNumber;

    private ActorSystem(string name, ActorSystemOptions options)
    {
        Name = name;
        Options = options;
        Log = new KernelLog(options.LoggerFactory.CreateLogger("CallActors.Actors"));
        EventStream = new EventStream();
        DeadLetters = new DeadLetterActorRef(this);
        _root = new ActorCell(this, Props.Create(static () => new GuardianActor()).WithSupervisorStrategy(Supervision.SupervisorStrategy.StoppingStrategy), null, ActorPath.Root);
        _root.ScheduleCreation();
        _userGuardian = ((LocalActorRef)_root.ActorOfSystem(Props.Create(static () => new GuardianActor()).WithSupervisorStrategy(options.GuardianStrategy), "user")).Cell;
        _systemGuardian = ((LocalActorRef)_root.ActorOfSystem(Props.Create(static () => new GuardianActor()), "system")).Cell;
        CoordinatedShutdown = new CoordinatedShutdown(this, options.ShutdownPhases);
    }

    public static ActorSystem Create(string name, ActorSystemOptions? options = null)
    {
        ActorNames.Validate(name, allowSystemPrefix: false);
        return new ActorSystem(name, options ?? new ActorSystemOptions());
    }

    public string Name { get; }

    public ActorSystemOptions Options { get; }

    public TimeProvider TimeProvider => Options.TimeProvider;

    public EventStream EventStream { get; }

    /// <summary>Messages told to this reference are published as <see cref="DeadLetter"/>.</summary>
    public IActorRef DeadLetters { get; }

    /// <summary>How many messages could not be delivered since the system started.</summary>
    public long DeadLetterCount => Interlocked.Read(ref _deadLetterCount);

    public CoordinatedShutdown CoordinatedShutdown { get; }

    /// <summary>Completes when every actor has stopped.</summary>
    public Task WhenTerminated => _root.WhenTerminated;

    internal KernelLog Log { get; }

    /// <summary>Creates a top-level actor under <c>/user</c>.</summary>
    public IActorRef ActorOf(Props props, string? name = null) => _userGuardian.ActorOf(props, name);

    /// <summary>Creates a kernel-level actor under <c>/system</c>.</summary>
    public IActorRef SystemActorOf(Props props, string? name = null) => _systemGuardian.ActorOf(props, name);

    /// <summary>Stops an actor asynchronously (its children first).</summary>
    public void Stop(IActorRef actor)
    {
        if (actor is LocalActorRef local)
        {
            local.Cell.SendSystem(Internal.Terminate.Instance);
        }
    }

    /// <summary>Finds a live actor by absolute path (<c>/user/calls/abc</c>); <see cref="ActorRefs.Nobody"/> if none.</summary>
    public IActorRef Lookup(string path) => Lookup(ActorPath.Parse(path));

    public IActorRef Lookup(ActorPath path)
    {
        var cell = _root;
        foreach (var name in path.Elements)
        {
            var child = cell.FindChild(name);
            if (child is null || child.Cell.IsTerminated)
            {
                return ActorRefs.Nobody;
            }

            cell = child.Cell;
        }

        return cell.Self;
    }

    /// <summary>Registers a system-wide service (e.g. the persistence plugin) for actors to find.</summary>
    public T RegisterExtension<T>(T extension)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(extension);
        return (T)_extensions.GetOrAdd(typeof(T), extension);
    }

    public T? GetExtension<T>()
        where T : class
        => _extensions.TryGetValue(typeof(T), out var value) ? (T)value : null;

    /// <summary>Runs coordinated shutdown (all phases) and completes when the system is terminated.</summary>
    public Task Terminate() => CoordinatedShutdown.Run(ShutdownReason.ActorSystemTerminate);

    public async ValueTask DisposeAsync() => await Terminate().ConfigureAwait(false);

    /// <summary>Stops every actor: application actors first, then the kernel's, then the root.</summary>
    internal async Task StopAllActorsAsync()
    {
        _userGuardian.SendSystem(Internal.Terminate.Instance);
        await _userGuardian.WhenTerminated.ConfigureAwait(false);
        _systemGuardian.SendSystem(Internal.Terminate.Instance);
        await _systemGuardian.WhenTerminated.ConfigureAwait(false);
        _root.SendSystem(Internal.Terminate.Instance);
        await _root.WhenTerminated.ConfigureAwait(false);
    }

    internal string NextTempName() => ActorNames.Generate(Interlocked.Increment(ref _tempNumber) - 1);

    internal void PublishDeadLetter(object message, IActorRef? sender, IActorRef recipient)
    {
        if (message is DeadLetter)
        {
            return;
        }

        var count = Interlocked.Increment(ref _deadLetterCount);
        DeadLetterCounter.Add(1);
        if (count <= Options.DeadLettersLoggedInFull || count % 1000 == 0)
        {
            Log.DeadLetter(count, message.GetType().Name, sender?.Path.ToString() ?? "(no sender)", recipient.Path.ToString());
        }

        EventStream.Publish(new DeadLetter(message, sender, recipient));
    }

    public override string ToString() => $"ActorSystem[{Name}]";

    /// <summary>The behaviour of /, /user and /system: they only supervise.</summary>
    private sealed class GuardianActor : ActorBase
    {
        protected internal override bool Receive(object message) => false;
    }

    private sealed class DeadLetterActorRef(ActorSystem system) : IActorRef
    {
        public ActorPath Path { get; } = ActorPath.Parse("/deadLetters");

        public void Tell(object message, IActorRef? sender) => system.PublishDeadLetter(message, sender, this);

        public bool Equals(IActorRef? other) => ReferenceEquals(this, other);

        public override string ToString() => $"Actor[{Path}]";
    }
}
