using System.Threading.Channels;
using CallActors.Actors;

namespace CallActors.Benchmarks.Suites;

/// <summary>
/// 1,000 actors fed by many concurrent senders (calls receiving packets from socket loops).
/// Baseline: 1,000 bare channels, each drained by its own reader task, fed the same way.
/// </summary>
internal sealed class KernelFanInSuite : IBenchmarkSuite
{
    private const int Targets = 1_000;

    public string Name => "kernel-fanin";

    public async Task<SuiteResult> RunAsync(BenchmarkRun run)
    {
        var senders = Environment.ProcessorCount * 2;
        var perTarget = run.Quick ? 2_000 : 10_000;
        Console.WriteLine($"{Name}: {Targets:N0} receivers, {senders} senders, {perTarget:N0} messages per receiver");
        var baseline = await run.MeasureAsync("bare Channel<T> readers", () => ChannelRoundAsync(senders, perTarget));
        var actors = await run.MeasureAsync("actors", () => ActorRoundAsync(senders, perTarget));
        return new SuiteResult(Name, "msg/s", actors, baseline);
    }

    private static async Task<long> ActorRoundAsync(int senders, int perTarget)
    {
        var system = ActorSystem.Create("fanin");
        var done = new CountdownEvent(Targets);
        var targets = Enumerable.Range(0, Targets).Select(_ => system.ActorOf(Props.Create(() => new CountingActor(perTarget, done)))).ToArray();
        await SendAllAsync(senders, perTarget, t => targets[t].Tell(Message.Instance, ActorRefs.NoSender));
        await Task.Run(() => done.Wait());
        await system.Terminate();
        return (long)Targets * perTarget;
    }

    private static async Task<long> ChannelRoundAsync(int senders, int perTarget)
    {
        var channels = Enumerable.Range(0, Targets).Select(_ => Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true })).ToArray();
        var readers = channels.Select(c => Task.Run(async () =>
        {
            var received = 0;
            while (received < perTarget && await c.Reader.WaitToReadAsync())
            {
                while (received < perTarget && c.Reader.TryRead(out _))
                {
                    received++;
                }
            }
        })).ToArray();
        await SendAllAsync(senders, perTarget, t => channels[t].Writer.TryWrite(Message.Instance));
        await Task.WhenAll(readers);
        return (long)Targets * perTarget;
    }

    private static Task SendAllAsync(int senders, int perTarget, Action<int> send)
    {
        // Every sender sends an equal share of every target's messages, round-robin over targets.
        var perSender = perTarget / senders;
        var extra = perTarget % senders;
        return Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(() =>
        {
            var mine = perSender + (s < extra ? 1 : 0);
            for (var i = 0; i < mine; i++)
            {
                for (var t = 0; t < Targets; t++)
                {
                    send(t);
                }
            }
        })));
    }

    private sealed class Message
    {
        public static Message Instance { get; } = new();
    }

    private sealed class CountingActor(int expected, CountdownEvent done) : ActorBase
    {
        private int _received;

        protected override bool Receive(object message)
        {
            if (++_received == expected)
            {
                done.Signal();
            }

            return true;
        }
    }
}
