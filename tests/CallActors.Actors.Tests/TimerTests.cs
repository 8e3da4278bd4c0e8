using CallActors.Actors;
using CallActors.TestKit;
using Xunit;

namespace CallActors.Actors.Tests;

public sealed class TimerTests : TestKit.TestKit
{
    public TimerTests()
        : base(new ManualTimeProvider())
    {
    }

    private ManualTimeProvider Time => (ManualTimeProvider)Sys.TimeProvider;

    private sealed record StartSingle(string Key, TimeSpan Delay);

    private sealed record StartPeriodic(string Key, TimeSpan Interval);

    private sealed record CancelTimer(string Key);

    private sealed class TimerActor : ReceiveActor, IWithTimers
    {
        public TimerActor(IActorRef report)
        {
            Receive<StartSingle>(s =>
            {
                Timers.StartSingleTimer(s.Key, $"tick {s.Key}", s.Delay);
                Sender.Tell("started", Self);
            });
            Receive<StartPeriodic>(s =>
            {
                Timers.StartPeriodicTimer(s.Key, $"tick {s.Key}", s.Interval);
                Sender.Tell("started", Self);
            });
            Receive<CancelTimer>(c =>
            {
                Timers.Cancel(c.Key);
                Sender.Tell("cancelled", Self);
            });
            Receive<string>(m => m.StartsWith("tick", StringComparison.Ordinal), m => report.Tell(m, Self));
            Receive<Fail>(f => throw new InvalidOperationException(f.Reason));
        }

        public ITimerScheduler Timers { get; set; } = null!;
    }

    [Fact]
    public void A_single_timer_fires_once_when_its_delay_has_passed()
    {
        var actor = ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartSingle("a", TimeSpan.FromSeconds(1)), TestActor);
        ExpectMsg("started");

        Time.Advance(TimeSpan.FromMilliseconds(999));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        ExpectMsg("tick a");
        Time.Advance(TimeSpan.FromSeconds(10));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_periodic_timer_fires_every_interval()
    {
        var actor = ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartPeriodic("p", TimeSpan.FromSeconds(5)), TestActor);
        ExpectMsg("started");
        for (var i = 0; i < 3; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(5));
            ExpectMsg("tick p");
        }
    }

    [Fact]
    public void A_timer_with_the_same_key_replaces_the_old_one()
    {
        var actor = ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartSingle("k", TimeSpan.FromSeconds(1)), TestActor);
        actor.Tell(new StartSingle("k", TimeSpan.FromSeconds(3)), TestActor);
        ExpectMsg("started");
        ExpectMsg("started");
        Time.Advance(TimeSpan.FromSeconds(2));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Time.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("tick k");
    }

    [Fact]
    public void A_cancelled_timer_does_not_fire()
    {
        var actor = ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartSingle("c", TimeSpan.FromSeconds(1)), TestActor);
        actor.Tell(new CancelTimer("c"), TestActor);
        ExpectMsg("started");
        ExpectMsg("cancelled");
        Time.Advance(TimeSpan.FromSeconds(5));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Timers_stop_with_the_actor()
    {
        var actor = ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartPeriodic("p", TimeSpan.FromSeconds(1)), TestActor);
        ExpectMsg("started");
        Assert.True(Time.ActiveTimerCount > 0);
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);

        Assert.Equal(0, Time.ActiveTimerCount);
        Time.Advance(TimeSpan.FromSeconds(5));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Timers_are_cancelled_when_the_actor_restarts()
    {
        var actor = ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartPeriodic("p", TimeSpan.FromSeconds(1)), TestActor);
        ExpectMsg("started");
        actor.Tell(new Fail("restart me"), TestActor);
        actor.Tell(new CancelTimer("none"), TestActor);
        ExpectMsg("cancelled"); // the restarted instance is handling messages

        Time.Advance(TimeSpan.FromSeconds(5));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    private sealed class IdleActor : ReceiveActor
    {
        public IdleActor(IActorRef report, TimeSpan timeout)
        {
            Context.SetReceiveTimeout(timeout);
            Receive<ReceiveTimeout>(_ => report.Tell("idle", Self));
            Receive<string>(m => report.Tell($"got {m}", Self));
        }
    }

    [Fact]
    public void ReceiveTimeout_fires_after_idle_time_and_messages_reset_it()
    {
        var actor = ActorOf(Props.Create(() => new IdleActor(TestActor, TimeSpan.FromSeconds(10))));
        actor.Tell("start", TestActor);
        ExpectMsg("got start"); // the actor exists and its timeout is armed before the clock moves
        Time.Advance(TimeSpan.FromSeconds(6));
        actor.Tell("work", TestActor);
        ExpectMsg("got work");
        Time.Advance(TimeSpan.FromSeconds(6));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50)); // 12 s since start but only 6 s idle

        Time.Advance(TimeSpan.FromSeconds(4));
        ExpectMsg("idle");
        Time.Advance(TimeSpan.FromSeconds(10));
        ExpectMsg("idle"); // it repeats until switched off
    }

    [Fact]
    public void The_manual_clock_is_shared_by_ask_deadlines()
    {
        var silent = ActorOf(Props.Create<CounterActor>());
        var ask = silent.Ask<Count>(new Increment(), TimeSpan.FromSeconds(30));
        Assert.False(ask.Wait(TimeSpan.FromMilliseconds(50)));
        Time.Advance(TimeSpan.FromSeconds(30));
        var error = Assert.Throws<AggregateException>(() => ask.Wait(TimeSpan.FromSeconds(3)));
        Assert.IsType<AskTimeoutException>(error.InnerException);
    }
}
