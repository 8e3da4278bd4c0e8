using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using CallActors.Benchmarks.Suites.RelayConcurrent;

namespace CallActors.Benchmarks.Suites;

/// <summary>
/// N concurrent G.711 calls (20 ms ptime, both ways) set up through a callactors node by the suite's own SIP user
/// agents, their audio anchored by the node's relay, for 30 s per N: loss, the jitter the relay adds at the receivers
/// (|inter-arrival − 20 ms|, p50/p99, minus the same senders' and receivers' figure with the audio sent directly,
/// measured in the same run; also |transit − previous transit|, which leaves the sender's own lateness out) and the
/// node's CPU per forwarded packet. Arrival times are the kernel's receive timestamps. Anchor, rtpengine 10.5 in
/// userspace mode on the same 2-core machine: 0 loss up to 800 calls (80,000 packets/s), added jitter p99 about
/// 0.2 / 0.7 / 3 ms at 200 / 400 / 800 calls, about 10 µs of CPU per packet.
/// </summary>
internal sealed class RelayConcurrentSuite : IBenchmarkSuite
{
    private const int NodePort = 5060;
    private const int CalleePort = 5070;

    // 127.0.10.0/24 only: the node's SIP, the callee UA's SIP, the relay, the caller's SIP and RTP, the callee's RTP.
    private static readonly IPAddress NodeAddress = IPAddress.Parse("127.0.10.1");
    private static readonly IPAddress CalleeSipAddress = IPAddress.Parse("127.0.10.2");
    private static readonly IPAddress RelayAddress = IPAddress.Parse("127.0.10.3");
    private static readonly IPAddress CallerAddress = IPAddress.Parse("127.0.10.4");
    private static readonly IPAddress CalleeRtpAddress = IPAddress.Parse("127.0.10.5");

    public string Name => "relay-concurrent";

    public async Task<SuiteResult> RunAsync(BenchmarkRun run)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            throw new SuiteUnavailableException("needs Linux on x64 (the receivers use epoll, the node's CPU comes from /proc)");
        }
        var options = RelayConcurrentOptions.Parse(Environment.GetCommandLineArgs().Skip(1), run.Quick, Environment.GetEnvironmentVariable);
        var work = Directory.CreateTempSubdirectory("callactors-relay-concurrent-");
        var failed = true;
        try
        {
            var dll = options.NodeDll ?? await NodeProcess.BuildAsync(FindRepository(), Path.Combine(work.FullName, "artifacts"));
            await using var node = await NodeProcess.StartAsync(dll, work.FullName, NodeConfig(options), options.NodeEnvironment);
            await using var callee = new SipCallee(new IPEndPoint(CalleeSipAddress, CalleePort), CalleeRtpAddress);
            await using var caller = new SipCaller(CallerAddress, new IPEndPoint(NodeAddress, NodePort));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{Name}: calls {string.Join(", ", options.Calls)}, G.711 20 ms both ways, {options.Warmup.TotalSeconds:0} s warm-up + " +
                $"{options.Duration.TotalSeconds:0} s each; node {(options.Relay ? $"relay on, {options.RelayWorkers} worker(s)" : "relay off (direct media)")}; " +
                $"baseline: the same senders and receivers with the audio sent directly"));
            var random = new Random(20_250_101);
            await WarmUpAsync(options, random, node);
            RelayConcurrentResult? result = null;
            foreach (var calls in options.Calls)
            {
                var direct = await RunDirectAsync(calls, options, random, node);
                result = await RunThroughNodeAsync(calls, options, random, node, caller, callee, direct);
                Console.WriteLine(result.ToResultLine());
            }
            failed = false;
            return new SuiteResult(Name, $"jitter-p99-us@{result!.Calls}calls", result.Node.Audio.JitterP99 * 1000, result.Direct.Audio.JitterP99 * 1000);
        }
        finally
        {
            if (failed)
            {
                Console.Error.WriteLine($"{Name}: kept the work folder (node.conf, node.log): {work.FullName}");
            }
            else
            {
                work.Delete(recursive: true);
            }
        }
    }

    /// <summary>A short direct run first, unreported: the harness's code tiers up (and the runtime pauses every
    /// thread, the sender too, to install it) before anything is measured.</summary>
    private static Task WarmUpAsync(RelayConcurrentOptions options, Random random, NodeProcess node) =>
        MeasureDirectAsync(options.Calls.Min(), options with { Duration = TimeSpan.FromSeconds(3) }, random, node);

    private static async Task<MeasuredRun> RunDirectAsync(int calls, RelayConcurrentOptions options, Random random, NodeProcess node)
    {
        var measured = await MeasureDirectAsync(calls, options, random, node);
        Report("direct", measured, string.Create(CultureInfo.InvariantCulture, $", idle node CPU {measured.NodeCpuPercent:0}%"));
        return measured;
    }

    /// <summary>The audio load on socket pairs that send to each other, no node in between.</summary>
    private static async Task<MeasuredRun> MeasureDirectAsync(int calls, RelayConcurrentOptions options, Random random, NodeProcess node)
    {
        var pairs = Enumerable.Range(0, calls).Select(_ => AudioPair.Direct(CallerAddress, CalleeRtpAddress)).ToList();
        try
        {
            return await MeasureAsync(pairs, options, random, node);
        }
        finally
        {
            pairs.ForEach(p => p.Dispose());
        }
    }

    private static async Task<RelayConcurrentResult> RunThroughNodeAsync(
        int calls, RelayConcurrentOptions options, Random random, NodeProcess node, SipCaller caller, SipCallee callee, MeasuredRun direct)
    {
        var rtp = Enumerable.Range(0, calls).Select(_ => AudioPair.OpenSocket(CallerAddress)).ToList();
        var pairs = new List<AudioPair>();
        try
        {
            var started = Stopwatch.GetTimestamp();
            var dialogs = await caller.CallAsync(string.Create(CultureInfo.InvariantCulture, $"bench{calls}"), rtp, options.SetupPerSecond);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {calls} calls answered through the node in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s"));
            foreach (var dialog in dialogs)
            {
                var (calleeRtp, calleeSendsTo) = callee.TakeLeg(dialog.User);
                pairs.Add(new AudioPair(dialog.Rtp, dialog.RtpSendsTo!, calleeRtp, calleeSendsTo));
            }
            var media = GetMediaPath(pairs);
            if (options.Relay != (media == MediaPath.Relay))
            {
                Console.WriteLine($"  warning: node.conf {(options.Relay ? "turns the relay on" : "has no relay")} but the audio goes {media}");
            }
            var result = new RelayConcurrentResult(media, await MeasureAsync(pairs, options, random, node), direct);
            Report($"node ({media.ToString().ToLowerInvariant()})", result.Node, string.Create(
                CultureInfo.InvariantCulture, $", node CPU {result.Node.NodeCpuPercent:0}% = {result.NodeCpuMicrosecondsPerPacket:0.0} us/packet"));
            await caller.HangUpAsync(dialogs, options.SetupPerSecond);
            return result;
        }
        finally
        {
            pairs.ForEach(p => p.Dispose());
            rtp.ForEach(s => s.Dispose());
        }
    }

    /// <summary>Runs the audio load on <paramref name="pairs"/> once the node is idle, measuring the CPU use over its window.</summary>
    private static async Task<MeasuredRun> MeasureAsync(
        IReadOnlyList<AudioPair> pairs, RelayConcurrentOptions options, Random random, NodeProcess node)
    {
        await SettleAsync(node);
        using var load = new AudioLoad(pairs, options.Warmup, options.Duration, random);
        load.Start();
        await DelayUntil(load.WindowStart);
        var before = CpuUse.Sample(node);
        await DelayUntil(load.WindowEnd);
        var cpu = CpuUse.Sample(node).Since(before);
        return new MeasuredRun(await load.FinishAsync(), cpu);
    }

    /// <summary>Waits (15 s at most) until the node's CPU use settles — under 2% of a core over a second, or within
    /// 1% of the second before (calls that are up cost something) — so that the calls just set up, or the previous
    /// run's ending and passivating, do not weigh on the measurement.</summary>
    private static async Task SettleAsync(NodeProcess node)
    {
        var previous = TimeSpan.MaxValue;
        for (var second = 0; second < 15; second++)
        {
            var before = node.CpuTime;
            await Task.Delay(TimeSpan.FromSeconds(1));
            var used = node.CpuTime - before;
            if (used < TimeSpan.FromMilliseconds(20) || (used - previous).Duration() < TimeSpan.FromMilliseconds(10))
            {
                return;
            }
            previous = used;
        }
        Console.WriteLine("  warning: the node's CPU use did not settle in 15 s before the measurement");
    }

    private static async Task DelayUntil(long timestamp)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }
    }

    private static MediaPath GetMediaPath(List<AudioPair> pairs) =>
        pairs.TrueForAll(p => p.CallerSendsTo.Address.Equals(RelayAddress) && p.CalleeSendsTo.Address.Equals(RelayAddress)) ? MediaPath.Relay
        : pairs.TrueForAll(p => p.CallerSendsTo.Equals(p.Callee.LocalEndPoint) && p.CalleeSendsTo.Equals(p.Caller.LocalEndPoint)) ? MediaPath.Direct
        : MediaPath.Mixed;

    private static void Report(string label, MeasuredRun run, string extra)
    {
        var audio = run.Audio;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {label,-14} {audio.Calls,5} calls: {audio.PacketsPerSecond,7:N0} packets/s, lost {audio.Lost} of {audio.Sent:N0}, " +
            $"jitter p50 {audio.JitterP50:0.000} ms p99 {audio.JitterP99:0.000} ms, transit jitter p50 {audio.TransitJitterP50:0.000} ms " +
            $"p99 {audio.TransitJitterP99:0.000} ms, sender late p99 {audio.SendLateP99:0.000} ms, " +
            $"harness CPU {run.HarnessCpuPercent:0}% (GC pauses {run.Cpu.HarnessGcPauses.TotalMilliseconds:0} ms){extra}"));
        if (!audio.SenderRealtime)
        {
            Console.WriteLine("  warning: the sender ran at normal priority (SCHED_FIFO needs CAP_SYS_NICE); its lateness adds to the jitter");
        }
        if (run.OtherCpuPercent > 10)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture, $"  warning: other processes used {run.OtherCpuPercent:0}% of a core meanwhile; the jitter figures carry their noise"));
        }
    }

    private static string NodeConfig(RelayConcurrentOptions options)
    {
        var config = $$"""
            callactors.sip {
              bind-address = "{{NodeAddress}}"
              port = {{NodePort}}
              calls { max-concurrent = 100000, max-per-second = 100000, passivate-after = 5s }
              routes = [ { name = "bench-uas", target = "sip:${user}@{{CalleeSipAddress}}:{{CalleePort}}" } ]
            }

            """;
        return config + (options.Relay
            ? $$"""
                callactors.media {
                  relay = on              # the node's RTP relay; SDP is rewritten to its ports
                  bind-address = "{{RelayAddress}}"
                  port-min = 30000
                  port-max = 39999
                  timeout = 0s
                  workers = {{options.RelayWorkers}}
                }

                """
            : """
                callactors.media {
                  relay = off             # direct media: the node leaves the SDP alone
                }

                """);
    }

    /// <summary>The repository root (where CallActors.sln is), from the working directory or this assembly's folder.</summary>
    private static string FindRepository()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "CallActors.sln")))
                {
                    return folder.FullName;
                }
            }
        }
        throw new SuiteUnavailableException("cannot find the repository (CallActors.sln) to build the node; set CALLACTORS_NODE_DLL");
    }
}
