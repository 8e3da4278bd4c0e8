using System.Collections.Concurrent;
using CallActors.Actors;
using Xunit;

namespace CallActors.Actors.Tests;

public sealed class CoordinatedShutdownTests
{
    [Fact]
    public async Task Phases_run_in_order_and_actors_stop_before_storage_flushes()
    {
        var system = ActorSystem.Create("shutdown-order");
        var log = new ConcurrentQueue<string>();
        var actor = system.ActorOf(Props.Create(() => new PostStopLogger(log)), "worker");
        var shutdown = system.CoordinatedShutdown;
        shutdown.AddTask(CoordinatedShutdown.PhaseStorageFlush, "flush", async _ =>
        {
            await Task.Yield();
            log.Enqueue("storage-flush");
        });
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "unbind", _ =>
        {
            log.Enqueue("service-unbind");
            return Task.CompletedTask;
        });
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "before", _ =>
        {
            log.Enqueue("before-service-unbind");
            return Task.CompletedTask;
        });

        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["before-service-unbind", "service-unbind", "worker PostStop", "storage-flush"], log);
        Assert.True(system.WhenTerminated.IsCompleted);
        Assert.Equal(ActorRefs.Nobody, system.Lookup(actor.Path));
    }

    [Fact]
    public async Task Run_is_idempotent_and_a_failing_task_does_not_stop_later_phases()
    {
        var system = ActorSystem.Create("shutdown-idempotent");
        var ran = 0;
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "broken", _ => throw new InvalidOperationException("broken"));
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseStorageFlush, "count", _ =>
        {
            Interlocked.Increment(ref ran);
            return Task.CompletedTask;
        });

        var first = system.CoordinatedShutdown.Run(new ShutdownReason("test"));
        var second = system.CoordinatedShutdown.Run(new ShutdownReason("again"));
        await first.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Same(first, second);
        Assert.Equal(1, ran);
        Assert.Equal("test", system.CoordinatedShutdown.Reason!.Description);
    }

    [Fact]
    public async Task A_task_that_hangs_is_cut_off_at_its_phase_timeout()
    {
        var phases = CoordinatedShutdown.DefaultPhases
            .Select(p => p.Name == CoordinatedShutdown.PhaseServiceStop ? p with { Timeout = TimeSpan.FromMilliseconds(100) } : p)
            .ToList();
        var system = ActorSystem.Create("shutdown-timeout", new ActorSystemOptions { ShutdownPhases = phases });
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "hang", _ => Task.Delay(Timeout.Infinite));

        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(system.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task Unknown_phase_names_are_rejected()
    {
        await using var system = ActorSystem.Create("shutdown-unknown");
        var error = Assert.Throws<ArgumentException>(() => system.CoordinatedShutdown.AddTask("no-such-phase", "x", _ => Task.CompletedTask));
        Assert.Contains("no-such-phase", error.Message, StringComparison.Ordinal);
    }

    private sealed class PostStopLogger(ConcurrentQueue<string> log) : ActorBase
    {
        protected override bool Receive(object message) => false;

        protected override void PostStop() => log.Enqueue("worker PostStop");
    }
}
