using CallActors.Actors;
using Xunit;

namespace CallActors.Actors.Tests;

public sealed class LifecycleTests : TestKit.TestKit
{
    [Fact]
    public void Watch_delivers_Terminated_when_the_subject_stops()
    {
        var actor = ActorOf(Props.Create<EchoActor>());
        Watch(actor);
        Sys.Stop(actor);
        Assert.Equal(actor, ExpectTerminated(actor).ActorRef);
    }

    [Fact]
    public void Watching_an_actor_that_already_stopped_still_delivers_Terminated()
    {
        var actor = ActorOf(Props.Create<EchoActor>());
        var first = CreateTestProbe();
        first.Watch(actor);
        Sys.Stop(actor);
        first.ExpectTerminated(actor);

        Watch(actor);
        ExpectTerminated(actor);
    }

    [Fact]
    public void Unwatch_suppresses_Terminated()
    {
        var actor = ActorOf(Props.Create<EchoActor>());
        var watcher = ActorOf(Props.Create(() => new WatchThenUnwatchActor(actor, TestActor)));
        ExpectMsg("unwatched");
        Sys.Stop(actor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.NotNull(watcher);
    }

    private sealed class WatchThenUnwatchActor : ReceiveActor
    {
        public WatchThenUnwatchActor(IActorRef subject, IActorRef report)
        {
            Context.Watch(subject);
            Context.Unwatch(subject);
            report.Tell("unwatched", Self);
            Receive<Terminated>(t => report.Tell(t, Self));
        }
    }

    [Fact]
    public void An_unhandled_Terminated_stops_the_watcher_with_a_death_pact()
    {
        var subject = ActorOf(Props.Create<EchoActor>());
        var watcher = ActorOf(Props.Create(() => new PactActor(subject)));
        Watch(watcher);
        watcher.Tell("ready?", TestActor);
        ExpectMsg("ready");
        Sys.Stop(subject);
        ExpectTerminated(watcher);
    }

    private sealed class PactActor : ReceiveActor
    {
        public PactActor(IActorRef subject)
        {
            Context.Watch(subject);
            Receive<string>(_ => Sender.Tell("ready", Self));
        }
    }

    [Fact]
    public void PoisonPill_stops_after_the_messages_queued_before_it()
    {
        var echo = ActorOf(Props.Create<EchoActor>());
        Watch(echo);
        echo.Tell(1, TestActor);
        echo.Tell(2, TestActor);
        echo.Tell(PoisonPill.Instance, TestActor);
        echo.Tell(3, TestActor);
        ExpectMsg(1);
        ExpectMsg(2);
        ExpectTerminated(echo);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Stopping_a_parent_stops_its_children_first()
    {
        var parent = ActorOf(Props.Create(() => new ParentActor(Props.Create(() => new StopReporter(TestActor, "child")), Supervision.SupervisorStrategy.DefaultStrategy, TestActor)), "stopping-parent");
        var child = ExpectMsg<IActorRef>();
        Watch(parent);
        Sys.Stop(parent);
        ExpectMsg("child stopped");
        ExpectTerminated(parent);
        Assert.Equal(ActorRefs.Nobody, Sys.Lookup(child.Path));
    }

    private sealed class StopReporter(IActorRef report, string name) : ActorBase
    {
        protected override bool Receive(object message) => false;

        protected override void PostStop() => report.Tell($"{name} stopped", Self);
    }

    [Fact]
    public void Children_are_found_by_path_and_by_name()
    {
        var calls = ActorOf(Props.Create<CallsActor>(), "calls");
        calls.Tell("abc", TestActor);
        var call = ExpectMsg<IActorRef>();

        Assert.Equal("/user/calls/abc", call.Path.ToString());
        Assert.Equal(call, Sys.Lookup("/user/calls/abc"));
        Assert.Equal(ActorRefs.Nobody, Sys.Lookup("/user/calls/missing"));
        calls.Tell(new Lookup("abc"), TestActor);
        Assert.Equal(call, ExpectMsg<IActorRef>());
    }

    private sealed record Lookup(string Name);

    private sealed class CallsActor : ReceiveActor
    {
        public CallsActor()
        {
            Receive<string>(id => Sender.Tell(Context.ActorOf(Props.Create<EchoActor>(), id), Self));
            Receive<Lookup>(l => Sender.Tell(Context.Child(l.Name), Self));
        }
    }

    [Fact]
    public void A_name_is_unique_until_its_actor_has_terminated()
    {
        var first = ActorOf(Props.Create<EchoActor>(), "unique");
        Assert.Throws<InvalidActorNameException>(() => ActorOf(Props.Create<EchoActor>(), "unique"));
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);
        // The path stops resolving a moment before the parent has released the name (it does so when it handles the
        // child's termination), so wait for the name itself to be free rather than for the lookup.
        AwaitCondition(() => Sys.Lookup("/user/unique") == ActorRefs.Nobody);
        IActorRef? second = null;
        AwaitCondition(() =>
        {
            try
            {
                second = ActorOf(Props.Create<EchoActor>(), "unique");
                return true;
            }
            catch (InvalidActorNameException)
            {
                return false;
            }
        });
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("$reserved")]
    [InlineData("has space")]
    public void Bad_names_are_rejected(string name) =>
        Assert.Throws<InvalidActorNameException>(() => ActorOf(Props.Create<EchoActor>(), name));

    [Fact]
    public void An_actor_created_with_new_fails_clearly() =>
        Assert.Throws<ActorInitializationException>(() => new EchoActor());
}
