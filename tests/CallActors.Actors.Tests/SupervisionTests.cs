using CallActors.Actors;
using CallActors.Actors.Supervision;
using Xunit;

namespace CallActors.Actors.Tests;

public sealed class SupervisionTests : TestKit.TestKit
{
    private IActorRef StartChild(SupervisorStrategy strategy, Props? childProps = null)
    {
        ActorOf(Props.Create(() => new ParentActor(childProps ?? Props.Create<CounterActor>(), strategy, TestActor)), "parent");
        return ExpectMsg<IActorRef>();
    }

    [Fact]
    public void Restart_resets_the_state_and_keeps_the_queued_messages()
    {
        var child = StartChild(new OneForOneStrategy(_ => Directive.Restart));
        child.Tell(new Increment(), TestActor);
        child.Tell(new Increment(), TestActor);
        child.Tell(new Fail("boom"), TestActor);
        child.Tell(new Increment(), TestActor);
        child.Tell(new GetCount(), TestActor);

        // Two increments were lost with the failed instance; the one queued behind the failure survived.
        Assert.Equal(1, ExpectMsg<Count>().Value);
    }

    [Fact]
    public void Resume_keeps_the_state()
    {
        var child = StartChild(new OneForOneStrategy(_ => Directive.Resume));
        child.Tell(new Increment(), TestActor);
        child.Tell(new Increment(), TestActor);
        child.Tell(new Fail("boom"), TestActor);
        child.Tell(new Increment(), TestActor);
        child.Tell(new GetCount(), TestActor);

        Assert.Equal(3, ExpectMsg<Count>().Value);
    }

    [Fact]
    public void Stop_directive_stops_the_failed_child()
    {
        var child = StartChild(new OneForOneStrategy(_ => Directive.Stop));
        Watch(child);
        child.Tell(new Fail("boom"), TestActor);
        ExpectTerminated(child);
    }

    [Fact]
    public void A_child_over_its_retry_budget_is_stopped()
    {
        var child = StartChild(new OneForOneStrategy(2, TimeSpan.FromMinutes(1), _ => Directive.Restart));
        Watch(child);
        child.Tell(new Fail("1"), TestActor);
        child.Tell(new Fail("2"), TestActor);
        child.Tell(new GetCount(), TestActor);
        Assert.Equal(0, ExpectMsg<Count>().Value); // alive after two restarts
        child.Tell(new Fail("3"), TestActor);
        ExpectTerminated(child);
    }

    [Fact]
    public void Escalate_fails_the_parent_which_its_own_supervisor_restarts()
    {
        var grandChildReport = CreateTestProbe();
        var parentProps = Props.Create(() => new ParentActor(Props.Create<CounterActor>(), new OneForOneStrategy(_ => Directive.Escalate), grandChildReport));
        ActorOf(Props.Create(() => new ParentActor(parentProps, new OneForOneStrategy(_ => Directive.Restart), TestActor)), "top");
        ExpectMsg<IActorRef>();
        var firstChild = grandChildReport.ExpectMsg<IActorRef>();

        firstChild.Tell(new Fail("escalated"), TestActor);

        // The restarted parent builds a new child in its constructor.
        var secondChild = grandChildReport.ExpectMsg<IActorRef>();
        Assert.NotEqual(firstChild, secondChild);
        Assert.Equal(firstChild.Path, secondChild.Path);
    }

    [Fact]
    public void An_exception_in_a_top_level_actor_restarts_it_and_never_reaches_the_process()
    {
        var counter = ActorOf(Props.Create<CounterActor>(), "top-counter");
        counter.Tell(new Increment(), TestActor);
        counter.Tell(new Fail("boom"), TestActor);
        counter.Tell(new GetCount(), TestActor);
        Assert.Equal(0, ExpectMsg<Count>().Value);
    }

    [Fact]
    public void A_failing_constructor_stops_the_actor()
    {
        var actor = ActorOf(Props.Create<ThrowingConstructorActor>());
        Watch(actor);
        ExpectTerminated(actor);
    }

    private sealed class ThrowingConstructorActor : ReceiveActor
    {
        public ThrowingConstructorActor() => throw new InvalidOperationException("cannot start");
    }

    [Fact]
    public void Kill_stops_the_actor()
    {
        var actor = ActorOf(Props.Create<CounterActor>());
        Watch(actor);
        actor.Tell(Kill.Instance, ActorRefs.NoSender);
        ExpectTerminated(actor);
    }

    [Fact]
    public void Restart_calls_PreRestart_on_the_old_instance_and_PostRestart_on_the_new()
    {
        var actor = ActorOf(Props.Create(() => new LifecycleActor(TestActor)));
        ExpectMsg("PreStart 1");
        actor.Tell("fail", TestActor);
        ExpectMsg("PreRestart 1 boom");
        ExpectMsg("PostRestart 2 boom");
    }

    private sealed class LifecycleActor : ReceiveActor
    {
        private static int s_instances;
        private readonly IActorRef _report;
        private readonly int _instance;

        public LifecycleActor(IActorRef report)
        {
            _report = report;
            _instance = Interlocked.Increment(ref s_instances);
            Receive<string>(_ => throw new InvalidOperationException("boom"));
        }

        protected override void PreStart() => _report.Tell($"PreStart {_instance}", Self);

        protected override void PreRestart(Exception reason, object? message) => _report.Tell($"PreRestart {_instance} {reason.Message}", Self);

        protected override void PostRestart(Exception reason) => _report.Tell($"PostRestart {_instance} {reason.Message}", Self);
    }
}
