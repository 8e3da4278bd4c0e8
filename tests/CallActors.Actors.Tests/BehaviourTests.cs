using CallActors.Actors;
using Xunit;

namespace CallActors.Actors.Tests;

public sealed class BehaviourTests : TestKit.TestKit
{
    private sealed class SwitchActor : ReceiveActor
    {
        public SwitchActor()
        {
            Receive<string>(m => m == "become", _ => Become(Angry));
            Receive<string>(m => m == "push", _ => BecomeStacked(Angry));
            Receive<string>(m => Sender.Tell($"calm {m}", Self));
        }

        private void Angry()
        {
            Receive<string>(m => m == "pop", _ => UnbecomeStacked());
            Receive<string>(m => Sender.Tell($"angry {m}", Self));
        }
    }

    [Fact]
    public void Become_replaces_the_behaviour()
    {
        var actor = ActorOf(Props.Create<SwitchActor>());
        actor.Tell("hi", TestActor);
        actor.Tell("become", TestActor);
        actor.Tell("hi", TestActor);
        actor.Tell("pop", TestActor); // nothing stacked: stays angry
        actor.Tell("hi", TestActor);
        ExpectMsg("calm hi");
        ExpectMsg("angry hi");
        ExpectMsg("angry hi");
    }

    [Fact]
    public void BecomeStacked_and_UnbecomeStacked_push_and_pop()
    {
        var actor = ActorOf(Props.Create<SwitchActor>());
        actor.Tell("push", TestActor);
        actor.Tell("hi", TestActor);
        actor.Tell("pop", TestActor);
        actor.Tell("hi", TestActor);
        ExpectMsg("angry hi");
        ExpectMsg("calm hi");
    }

    private sealed class StashingActor : ReceiveActor, IWithStash
    {
        public StashingActor()
        {
            Receive<string>(m => m == "open", _ =>
            {
                Become(Open);
                Stash.UnstashAll();
            });
            ReceiveAny(_ => Stash.Stash());
        }

        public IStash Stash { get; set; } = null!;

        private void Open() => ReceiveAny(m => Sender.Tell(m, Self));
    }

    [Fact]
    public void UnstashAll_replays_stashed_messages_in_order_before_newer_ones()
    {
        var actor = ActorOf(Props.Create<StashingActor>());
        for (var i = 1; i <= 5; i++)
        {
            actor.Tell(i, TestActor);
        }

        actor.Tell("open", TestActor);
        actor.Tell(6, TestActor);
        for (var i = 1; i <= 6; i++)
        {
            ExpectMsg(i);
        }
    }

    [Fact]
    public void A_bounded_stash_overflows_with_a_clear_failure()
    {
        Sys.EventStream.Subscribe<ActorFailed>(TestActor);
        var actor = ActorOf(Props.Create<StashingActor>().WithStashCapacity(2));
        actor.Tell(1, TestActor);
        actor.Tell(2, TestActor);
        actor.Tell(3, TestActor);
        var failed = ExpectMsg<ActorFailed>();
        Assert.IsType<StashOverflowException>(failed.Cause);
        Assert.Contains("capacity 2", failed.Cause.Message, StringComparison.Ordinal);
    }

    private sealed class WatchingStasher : ReceiveActor, IWithStash
    {
        public WatchingStasher(IActorRef subject, IActorRef report)
        {
            Context.Watch(subject);
            Receive<string>(m => m == "open", _ =>
            {
                Become(() => Receive<Terminated>(t => report.Tell($"terminated {t.ActorRef.Path.Name}", Self)));
                Stash.UnstashAll();
            });
            ReceiveAny(m =>
            {
                Stash.Stash();
                if (m is Terminated)
                {
                    report.Tell("stashed Terminated", Self);
                }
            });
        }

        public IStash Stash { get; set; } = null!;
    }

    [Fact]
    public void A_stashed_Terminated_is_delivered_when_unstashed()
    {
        var report = CreateTestProbe();
        var subject = ActorOf(Props.Create<StashingActor>(), "subject");
        var watcher = ActorOf(Props.Create(() => new WatchingStasher(subject, report)));
        Sys.Stop(subject);
        report.ExpectMsg("stashed Terminated");
        watcher.Tell("open", TestActor);
        report.ExpectMsg("terminated subject");
    }

    private sealed class AsyncActor : ReceiveActor
    {
        public AsyncActor(TaskCompletionSource gate)
        {
            ReceiveAsync<string>(async m =>
            {
                await gate.Task;
                Sender.Tell($"after await {m}", Self); // Sender and Self still work after the await
            });
            Receive<int>(n => Sender.Tell(n, Self));
        }
    }

    [Fact]
    public void ReceiveAsync_holds_later_messages_until_the_handler_completes()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = ActorOf(Props.Create(() => new AsyncActor(gate)));
        actor.Tell("first", TestActor);
        actor.Tell(2, TestActor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        gate.SetResult();
        ExpectMsg("after await first");
        ExpectMsg(2);
    }

    private sealed class FailingAsyncActor : ReceiveActor
    {
        private int _handled;

        public FailingAsyncActor()
        {
            ReceiveAsync<string>(async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("async boom");
            });
            Receive<int>(_ => Sender.Tell(++_handled, Self));
        }
    }

    [Fact]
    public void A_failed_async_handler_goes_to_the_supervisor()
    {
        var actor = ActorOf(Props.Create<FailingAsyncActor>());
        actor.Tell(0, TestActor);
        ExpectMsg(1);
        actor.Tell("fail", TestActor);
        actor.Tell(0, TestActor);
        ExpectMsg(1); // restarted: the count starts again
    }
}
