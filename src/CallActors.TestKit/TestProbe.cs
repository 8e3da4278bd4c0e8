using System.Collections.Concurrent;
using System.Diagnostics;
using CallActors.Actors;

namespace CallActors.TestKit;

/// <summary>
/// A real actor whose mailbox a test reads: expect messages, reply, watch other actors. Waiting is
/// on the messages themselves (with a deadline), never a fixed sleep.
/// </summary>
public sealed class TestProbe : IActorRef
{
    private readonly BlockingCollection<(object Message, IActorRef Sender)> _queue = [];
    private readonly TestKitSettings _settings;
    private DateTimeOffset? _withinDeadline;

    internal TestProbe(ActorSystem system, string name, TestKitSettings settings)
    {
        System = system;
        _settings = settings;
        Ref = system.SystemActorOf(Props.Create(() => new ProbeActor(_queue)), name);
    }

    public ActorSystem System { get; }

    /// <summary>The probe's actor: use it as a sender or as a collaborator's target.</summary>
    public IActorRef Ref { get; }

    public ActorPath Path => Ref.Path;

    /// <summary>The sender of the last message received.</summary>
    public IActorRef LastSender { get; private set; } = ActorRefs.NoSender;

    public object? LastMessage { get; private set; }

    public void Tell(object message, IActorRef? sender) => Ref.Tell(message, sender);

    public bool Equals(IActorRef? other) => Ref.Equals(other);

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with this probe as sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, Ref);

    /// <summary>Replies to the sender of the last message received.</summary>
    public void Reply(object message) => LastSender.Tell(message, Ref);

    /// <summary>Sends the last message received on to <paramref name="target"/>, keeping its sender.</summary>
    public void Forward(IActorRef target) =>
        target.Tell(LastMessage ?? throw new TestKitFailedException("Forward: no message received yet"), LastSender);

    public T ExpectMsg<T>(TimeSpan? timeout = null) => ExpectMsg<T>(static _ => true, timeout, "any");

    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null) => ExpectMsg(predicate, timeout, "matching the predicate");

    /// <summary>Expects a message equal to <paramref name="expected"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null)
        where T : notnull
        => ExpectMsg<T>(m => Equals(m, expected), timeout, $"equal to {expected}");

    /// <summary>Expects a message from a particular sender.</summary>
    public T ExpectMsgFrom<T>(IActorRef sender, TimeSpan? timeout = null)
    {
        var message = ExpectMsg<T>(timeout);
        if (!LastSender.Equals(sender))
        {
            throw new TestKitFailedException($"{Path}: expected {typeof(T).Name} from {sender.Path} but it came from {LastSender.Path}");
        }

        return message;
    }

    /// <summary>Fails if any message arrives within <paramref name="duration"/> (default: 100 ms, or what is left of Within).</summary>
    public void ExpectNoMsg(TimeSpan? duration = null)
    {
        var wait = duration ?? RemainingOr(_settings.Dilate(TimeSpan.FromMilliseconds(100)));
        if (TryReceive(wait, out var message, out var sender))
        {
            throw new TestKitFailedException($"{Path}: expected no message for {wait.TotalMilliseconds:0} ms but got {Describe(message)} from {sender.Path}");
        }
    }

    /// <summary>Receives messages until one satisfies <paramref name="isTheOne"/>, ignoring the rest.</summary>
    public object FishForMessage(Func<object, bool> isTheOne, TimeSpan? max = null)
    {
        ArgumentNullException.ThrowIfNull(isTheOne);
        var deadline = Deadline(max);
        var skipped = new List<string>();
        while (true)
        {
            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero || !TryReceive(left, out var message, out _))
            {
                throw new TestKitFailedException($"{Path}: FishForMessage found no matching message; skipped: [{string.Join(", ", skipped)}]");
            }

            if (isTheOne(message))
            {
                return message;
            }

            skipped.Add(Describe(message));
        }
    }

    public T FishForMessage<T>(Func<T, bool> isTheOne, TimeSpan? max = null) =>
        (T)FishForMessage(m => m is T typed && isTheOne(typed), max);

    /// <summary>Receives exactly <paramref name="count"/> messages.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? max = null)
    {
        var deadline = Deadline(max);
        var received = new List<object>(count);
        while (received.Count < count)
        {
            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero || !TryReceive(left, out var message, out _))
            {
                throw new TestKitFailedException($"{Path}: expected {count} messages but got {received.Count}");
            }

            received.Add(message);
        }

        return received;
    }

    /// <summary>Watches <paramref name="subject"/>: a <see cref="Terminated"/> arrives here when it stops.</summary>
    public IActorRef Watch(IActorRef subject)
    {
        Ref.Tell(new ProbeActor.WatchSubject(subject, true), ActorRefs.NoSender);
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        Ref.Tell(new ProbeActor.WatchSubject(subject, false), ActorRefs.NoSender);
        return subject;
    }

    /// <summary>Expects the <see cref="Terminated"/> of a watched actor.</summary>
    public Terminated ExpectTerminated(IActorRef subject, TimeSpan? timeout = null) =>
        ExpectMsg<Terminated>(t => t.ActorRef.Equals(subject), timeout, $"Terminated of {subject.Path}");

    /// <summary>Runs <paramref name="action"/> and fails if it took longer than <paramref name="max"/>; expectations inside share that deadline.</summary>
    public void Within(TimeSpan max, Action action) => Within(TimeSpan.Zero, max, () =>
    {
        action();
        return 0;
    });

    public T Within<T>(TimeSpan min, TimeSpan max, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var dilated = _settings.Dilate(max);
        var started = Stopwatch.GetTimestamp();
        var outer = _withinDeadline;
        var deadline = DateTimeOffset.UtcNow + dilated;
        _withinDeadline = outer is { } o && o < deadline ? o : deadline;
        try
        {
            var result = action();
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed > dilated)
            {
                throw new TestKitFailedException($"Within: the block took {elapsed.TotalMilliseconds:0} ms, more than the {dilated.TotalMilliseconds:0} ms allowed");
            }

            if (elapsed < min)
            {
                throw new TestKitFailedException($"Within: the block took {elapsed.TotalMilliseconds:0} ms, less than the {min.TotalMilliseconds:0} ms required");
            }

            return result;
        }
        finally
        {
            _withinDeadline = outer;
        }
    }

    /// <summary>Time left in the enclosing Within, or <paramref name="fallback"/> outside one.</summary>
    public TimeSpan RemainingOr(TimeSpan fallback) =>
        _withinDeadline is { } deadline ? Max(deadline - DateTimeOffset.UtcNow, TimeSpan.Zero) : fallback;

    private T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout, string what)
    {
        var wait = timeout is { } t ? _settings.Dilate(t) : RemainingOr(_settings.DefaultTimeout);
        if (!TryReceive(wait, out var message, out var sender))
        {
            throw new TestKitFailedException($"{Path}: timeout ({wait.TotalMilliseconds:0} ms) waiting for {typeof(T).Name} ({what})");
        }

        if (message is not T typed)
        {
            throw new TestKitFailedException($"{Path}: expected {typeof(T).Name} ({what}) but got {Describe(message)} from {sender.Path}");
        }

        if (!predicate(typed))
        {
            throw new TestKitFailedException($"{Path}: expected {typeof(T).Name} ({what}) but got {Describe(message)}, which does not match");
        }

        return typed;
    }

    private bool TryReceive(TimeSpan wait, out object message, out IActorRef sender)
    {
        if (_queue.TryTake(out var item, Max(wait, TimeSpan.Zero)))
        {
            (message, sender) = item;
            LastMessage = message;
            LastSender = sender;
            return true;
        }

        message = null!;
        sender = ActorRefs.NoSender;
        return false;
    }

    private DateTimeOffset Deadline(TimeSpan? max) =>
        DateTimeOffset.UtcNow + (max is { } m ? _settings.Dilate(m) : RemainingOr(_settings.DefaultTimeout));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string Describe(object message) => $"{message.GetType().Name} {message}";

    public override string ToString() => $"TestProbe[{Path}]";

    private sealed class ProbeActor : ActorBase
    {
        private readonly BlockingCollection<(object, IActorRef)> _queue;

        public ProbeActor(BlockingCollection<(object, IActorRef)> queue) => _queue = queue;

        public sealed record WatchSubject(IActorRef Subject, bool Watch);

        protected override bool Receive(object message)
        {
            if (message is WatchSubject watch)
            {
                if (watch.Watch)
                {
                    Context.Watch(watch.Subject);
                }
                else
                {
                    Context.Unwatch(watch.Subject);
                }

                return true;
            }

            _queue.Add((message, Sender));
            return true;
        }
    }
}
