using System.Threading.Channels;
using CallActors.Actors;

namespace CallActors.Benchmarks.Suites;

/// <summary>
/// Pairs of actors bouncing messages (Akka's PingPong): each pair keeps a window of balls in
/// flight. Baseline: the same bouncing between pairs of tasks over bare channels.
/// </summary>
internal sealed class KernelPingPongSuite : IBenchmarkSuite
{
    private const int InFlight = 100;

    public string Name => "kernel-pingpong";

    public async Task<SuiteResult> RunAsync(BenchmarkRun run)
    {
        var pairs = Environment.ProcessorCount * 4;
        var perPair = run.Quick ? 200_000 : 1_000_000;
        Console.WriteLine($"{Name}: {pairs} pairs, {perPair:N0} receives per pinging side, {InFlight} in flight per pair");
        var baseline = await run.MeasureAsync("bare Channel<T> pairs", () => ChannelRoundAsync(pairs, perPair));
        var actors = await run.MeasureAsync("actor pairs", () => ActorRoundAsync(pairs, perPair));
        Console.WriteLine($"  per core: {actors / Environment.ProcessorCount:N0} msg/s");
        return new SuiteResult(Name, "msg/s", actors, baseline);
    }

    private static async Task<long> ActorRoundAsync(int pairs, int perPair)
    {
        var system = ActorSystem.Create("pingpong");
        var done = new CountdownEvent(pairs);
        var counters = new List<PingActor.Counter>();
        for (var i = 0; i < pairs; i++)
        {
            var pongCounter = new PingActor.Counter();
            var pingCounter = new PingActor.Counter();
            counters.Add(pongCounter);
            counters.Add(pingCounter);
            var pong = system.ActorOf(Props.Create(() => new PingActor(pongCounter, int.MaxValue, null)));
            var ping = system.ActorOf(Props.Create(() => new PingActor(pingCounter, perPair, done)));
            for (var b = 0; b < InFlight; b++)
            {
                pong.Tell(Ball.Instance, ping);
            }
        }

        await Task.Run(() => done.Wait());
        await system.Terminate();
        return counters.Sum(c => c.Received);
    }

    private static async Task<long> ChannelRoundAsync(int pairs, int perPair)
    {
        var tasks = new List<Task<long>>();
        for (var i = 0; i < pairs; i++)
        {
            var toPong = Channel.CreateUnbounded<Ball>(new UnboundedChannelOptions { SingleReader = true });
            var toPing = Channel.CreateUnbounded<Ball>(new UnboundedChannelOptions { SingleReader = true });
            var pong = Task.Run(async () =>
            {
                long received = 0;
                while (await toPong.Reader.WaitToReadAsync())
                {
                    while (toPong.Reader.TryRead(out var ball))
                    {
                        received++;
                        toPing.Writer.TryWrite(ball);
                    }
                }

                return received;
            });
            var ping = Task.Run(async () =>
            {
                long received = 0;
                for (var b = 0; b < InFlight; b++)
                {
                    toPong.Writer.TryWrite(Ball.Instance);
                }

                while (received < perPair && await toPing.Reader.WaitToReadAsync())
                {
                    while (received < perPair && toPing.Reader.TryRead(out var ball))
                    {
                        received++;
                        toPong.Writer.TryWrite(ball);
                    }
                }

                toPong.Writer.Complete();
                return received;
            });
            tasks.Add(ping);
            tasks.Add(pong);
        }

        var counts = await Task.WhenAll(tasks);
        return counts.Sum();
    }

    private sealed class Ball
    {
        public static Ball Instance { get; } = new();
    }

    private sealed class PingActor : ActorBase
    {
        private readonly Counter _counter;
        private readonly int _limit;
        private readonly CountdownEvent? _done;
        private int _received;

        public PingActor(Counter counter, int limit, CountdownEvent? done)
        {
            _counter = counter;
            _limit = limit;
            _done = done;
        }

        public sealed class Counter
        {
            public long Received;
        }

        protected override bool Receive(object message)
        {
            if (message is not Ball)
            {
                return false;
            }

            _counter.Received++; // each actor has its own counter: no shared cache line
            if (++_received < _limit)
            {
                Sender.Tell(message, Self);
            }
            else if (_received == _limit)
            {
                _done?.Signal();
            }

            return true;
        }
    }
}
