using CallActors.Actors;
using CallActors.Actors.Supervision;
using CallActors.TestKit;
using Xunit;

namespace CallActors.Actors.Tests;

public sealed class BackoffSupervisorTests : TestKit.TestKit
{
    public BackoffSupervisorTests()
        : base(new ManualTimeProvider())
    {
    }

    private ManualTimeProvider Time => (ManualTimeProvider)Sys.TimeProvider;

    /// <summary>Reports each start, then stops itself on "die".</summary>
    private sealed class FragileActor : ReceiveActor
    {
        public FragileActor(IActorRef report)
        {
            report.Tell("started", Self);
            Receive<string>(m => m == "die", _ => Context.Stop(Self));
            Receive<string>(m => Sender.Tell($"child got {m}", Self));
        }
    }

    [Fact]
    public void Restart_delays_double_until_the_cap()
    {
        var starts = CreateTestProbe();
        var options = BackoffOptions.OnStop(Props.Create(() => new FragileActor(starts)), "fragile", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), 0)
            with { ResetBackoffAfter = TimeSpan.FromHours(1) };
        var supervisor = ActorOf(BackoffSupervisor.Props(options));
        starts.ExpectMsg("started");

        foreach (var expectedDelay in new[] { 1, 2, 4, 4 })
        {
            supervisor.Tell("die", TestActor);
            AwaitCondition(() => supervisor.Ask<BackoffSupervisor.CurrentChild>(BackoffSupervisor.GetCurrentChild.Instance).Result.Ref is null);

            Time.Advance(TimeSpan.FromSeconds(expectedDelay) - TimeSpan.FromMilliseconds(1));
            starts.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
            Time.Advance(TimeSpan.FromMilliseconds(1));
            starts.ExpectMsg("started");
        }
    }

    [Fact]
    public void Messages_are_forwarded_to_the_child()
    {
        var starts = CreateTestProbe();
        var supervisor = ActorOf(BackoffSupervisor.Props(
            BackoffOptions.OnStop(Props.Create(() => new FragileActor(starts)), "fragile", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), 0.2)));
        starts.ExpectMsg("started");
        supervisor.Tell("hello", TestActor);
        ExpectMsg("child got hello");
    }

    [Fact]
    public void The_delay_is_spread_by_the_random_factor()
    {
        var options = BackoffOptions.OnStop(Props.Create<EchoActor>(), "x", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.5);
        Assert.Equal(TimeSpan.FromSeconds(1), options.DelayFor(0, 0));
        Assert.Equal(TimeSpan.FromSeconds(6), options.DelayFor(2, 1)); // 4 s + 50 %
        Assert.Equal(TimeSpan.FromSeconds(30), options.DelayFor(10, 0)); // capped
    }
}
