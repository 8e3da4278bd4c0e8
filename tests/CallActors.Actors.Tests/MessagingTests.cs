using CallActors.Actors;
using Xunit;

namespace CallActors.Actors.Tests;

public sealed class MessagingTests : TestKit.TestKit
{
    private sealed record Sequenced(int Sender, int Number);

    private sealed record Report;

    /// <summary>Checks that each sender's numbers arrive in order and that no two messages overlap.</summary>
    private sealed class OrderCheckingActor : ReceiveActor
    {
        private readonly Dictionary<int, int> _last = [];
        private int _inside;
        private int _outOfOrder;
        private int _overlaps;
        private int _total;

        public OrderCheckingActor()
        {
            Receive<Sequenced>(m =>
            {
                if (Interlocked.Increment(ref _inside) != 1)
                {
                    _overlaps++;
                }

                if (_last.TryGetValue(m.Sender, out var last) && m.Number != last + 1)
                {
                    _outOfOrder++;
                }

                _last[m.Sender] = m.Number;
                _total++;
                Interlocked.Decrement(ref _inside);
            });
            Receive<Report>(_ => Sender.Tell((_total, _outOfOrder, _overlaps), Self));
        }
    }

    [Fact]
    public void Messages_from_one_sender_arrive_in_the_order_sent()
    {
        var actor = ActorOf(Props.Create<OrderCheckingActor>());
        var senders = Enumerable.Range(0, 4).Select(s => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                actor.Tell(new Sequenced(s, i), ActorRefs.NoSender);
            }
        })).ToArray();
        Task.WaitAll(senders);

        actor.Tell(new Report(), TestActor);
        var (total, outOfOrder, overlaps) = ExpectMsg<(int, int, int)>();
        Assert.Equal(80_000, total);
        Assert.Equal(0, outOfOrder);
        Assert.Equal(0, overlaps);
    }

    [Fact]
    public async Task A_counter_hit_by_8_threads_with_100000_messages_each_ends_exact()
    {
        var counter = ActorOf(Props.Create<CounterActor>());
        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                counter.Tell(new Increment(), ActorRefs.NoSender);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var count = await counter.Ask<Count>(new GetCount(), TimeSpan.FromSeconds(10));
        Assert.Equal(800_000, count.Value);
    }

    [Fact]
    public async Task Ask_returns_the_reply()
    {
        var echo = ActorOf(Props.Create<EchoActor>());
        Assert.Equal("hello", await echo.Ask<string>("hello"));
    }

    [Fact]
    public async Task Ask_without_reply_times_out_with_a_clear_exception()
    {
        var silent = ActorOf(Props.Create<CounterActor>(), "silent");
        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => silent.Ask<Count>(new Increment(), TimeSpan.FromMilliseconds(100)));
        Assert.Contains("/user/silent", error.Message, StringComparison.Ordinal);
        Assert.Contains("100 ms", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(Increment), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_answered_with_a_failure_throws_its_cause()
    {
        var echo = ActorOf(Props.Create<EchoActor>());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => echo.Ask<string>(new Status.Failure(new InvalidOperationException("no route"))));
        Assert.Equal("no route", error.Message);
    }

    [Fact]
    public void Forward_keeps_the_original_sender()
    {
        var echo = ActorOf(Props.Create<EchoActor>());
        var forwarder = ActorOf(Props.Create(() => new ForwardingActor(echo)));
        forwarder.Tell("ping", TestActor);
        ExpectMsg("ping");
        Assert.Equal(echo, TestActor.LastSender);
    }

    private sealed class ForwardingActor : ReceiveActor
    {
        public ForwardingActor(IActorRef target) => ReceiveAny(m => target.Forward(m));
    }

    [Fact]
    public void Receive_with_a_predicate_only_takes_matching_messages()
    {
        var actor = ActorOf(Props.Create<PredicateActor>());
        actor.Tell(5, TestActor);
        actor.Tell(50, TestActor);
        ExpectMsg("small 5");
        ExpectMsg("large 50");
    }

    private sealed class PredicateActor : ReceiveActor
    {
        public PredicateActor()
        {
            Receive<int>(n => n < 10, n => Sender.Tell($"small {n}", Self));
            Receive<int>(n => Sender.Tell($"large {n}", Self));
        }
    }

    [Fact]
    public void Unhandled_messages_are_published_on_the_event_stream()
    {
        Sys.EventStream.Subscribe<UnhandledMessage>(TestActor);
        var actor = ActorOf(Props.Create<PredicateActor>());
        actor.Tell("not an int", ActorRefs.NoSender);
        var unhandled = ExpectMsg<UnhandledMessage>();
        Assert.Equal("not an int", unhandled.Message);
        Assert.Equal(actor, unhandled.Recipient);
    }

    [Fact]
    public void Messages_to_a_stopped_actor_become_counted_dead_letters()
    {
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);
        var actor = ActorOf(Props.Create<EchoActor>());
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        var before = Sys.DeadLetterCount;

        actor.Tell("lost", TestActor);

        var dead = ExpectMsg<DeadLetter>();
        Assert.Equal("lost", dead.Message);
        Assert.Equal(actor, dead.Recipient);
        Assert.Equal(before + 1, Sys.DeadLetterCount);
    }

    [Fact]
    public void Ten_thousand_actors_run_on_a_handful_of_pool_threads()
    {
        var threadsBefore = System.Diagnostics.Process.GetCurrentProcess().Threads.Count;
        var actors = Enumerable.Range(0, 10_000).Select(_ => ActorOf(Props.Create<EchoActor>())).ToList();
        foreach (var actor in actors)
        {
            actor.Tell(1, TestActor);
        }

        TestActor.ReceiveN(10_000, TimeSpan.FromSeconds(20));
        var threadsAfter = System.Diagnostics.Process.GetCurrentProcess().Threads.Count;
        Assert.True(threadsAfter - threadsBefore < 100, $"thread count grew from {threadsBefore} to {threadsAfter}");
    }
}
