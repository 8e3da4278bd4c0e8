using System.Diagnostics;
using CallActors.Actors;
using Microsoft.Extensions.Logging;

namespace CallActors.TestKit;

/// <summary>
/// Base class for actor tests: a fresh ActorSystem per test, a default probe (<see cref="TestActor"/>)
/// and the probe's expectations. Pass a <see cref="ManualTimeProvider"/> to drive timers by hand.
/// </summary>
public abstract class TestKit : IDisposable
{
    private static int s_systemNumber;
    private readonly TestProbe _testActor;
    private int _probeNumber;

    protected TestKit(TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, TestKitSettings? settings = null)
    {
        Settings = settings ?? new TestKitSettings();
        var options = new ActorSystemOptions
        {
            TimeProvider = timeProvider ?? TimeProvider.System,
        };
        if (loggerFactory is not null)
        {
            options = options with { LoggerFactory = loggerFactory };
        }

        Sys = ActorSystem.Create($"test-{Interlocked.Increment(ref s_systemNumber)}", options);
        _testActor = CreateTestProbe("testActor");
    }

    public ActorSystem Sys { get; }

    public TestKitSettings Settings { get; }

    /// <summary>The default probe: use it as the sender and expect replies with ExpectMsg.</summary>
    public TestProbe TestActor => _testActor;

    public TestProbe CreateTestProbe(string? name = null) =>
        new(Sys, name ?? $"probe-{Interlocked.Increment(ref _probeNumber)}", Settings);

    public IActorRef ActorOf(Props props, string? name = null) => Sys.ActorOf(props, name);

    public T ExpectMsg<T>(TimeSpan? timeout = null) => _testActor.ExpectMsg<T>(timeout);

    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null) => _testActor.ExpectMsg(predicate, timeout);

    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null)
        where T : notnull
        => _testActor.ExpectMsg(expected, timeout);

    public void ExpectNoMsg(TimeSpan? duration = null) => _testActor.ExpectNoMsg(duration);

    public object FishForMessage(Func<object, bool> isTheOne, TimeSpan? max = null) => _testActor.FishForMessage(isTheOne, max);

    public T FishForMessage<T>(Func<T, bool> isTheOne, TimeSpan? max = null) => _testActor.FishForMessage(isTheOne, max);

    public IActorRef Watch(IActorRef subject) => _testActor.Watch(subject);

    public Terminated ExpectTerminated(IActorRef subject, TimeSpan? timeout = null) => _testActor.ExpectTerminated(subject, timeout);

    public void Within(TimeSpan max, Action action) => _testActor.Within(max, action);

    public T Within<T>(TimeSpan min, TimeSpan max, Func<T> action) => _testActor.Within(min, max, action);

    /// <summary>Waits until <paramref name="condition"/> holds, checking often; fails after <paramref name="max"/>.</summary>
    public void AwaitCondition(Func<bool> condition, TimeSpan? max = null, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = Settings.Dilate(max ?? Settings.DefaultTimeout);
        var started = Stopwatch.GetTimestamp();
        var spinner = new SpinWait();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                throw new TestKitFailedException($"AwaitCondition: {message ?? "condition"} not met within {limit.TotalMilliseconds:0} ms");
            }

            spinner.SpinOnce(sleep1Threshold: 20);
        }
    }

    /// <summary>Retries <paramref name="assertion"/> until it stops throwing; rethrows its last failure after <paramref name="max"/>.</summary>
    public void AwaitAssert(Action assertion, TimeSpan? max = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var limit = Settings.Dilate(max ?? Settings.DefaultTimeout);
        var started = Stopwatch.GetTimestamp();
        var spinner = new SpinWait();
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (Stopwatch.GetElapsedTime(started) <= limit)
            {
                spinner.SpinOnce(sleep1Threshold: 20);
            }
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && !Sys.Terminate().Wait(TimeSpan.FromSeconds(10)))
        {
            throw new TestKitFailedException($"{Sys} did not terminate within 10 s");
        }
    }
}
