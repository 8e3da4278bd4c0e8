using System.Diagnostics;
using System.Net.Sockets;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>A dedicated real-time thread (when allowed) that sends each of its streams' packets at its deadline: it
/// sleeps (1 ns timer slack) until just before the deadline and spins the rest. Its own timing error is measured
/// (<see cref="Lateness"/>: when each send started, after its deadline), so a harness that cannot keep up shows
/// rather than being blamed on the relay.</summary>
internal sealed class RtpSender
{
    private const int RealtimePriority = 10;
    private static readonly long SpinTicks = Stopwatch.Frequency / 100_000; // 10 µs

    private readonly RtpStream[] _streams;
    private readonly Thread _thread;
    private long _firstPeriod;
    private long _periods;

    public RtpSender(IEnumerable<RtpStream> streams, string name)
    {
        _streams = streams.OrderBy(s => s.Phase).ToArray();
        _thread = new Thread(Run) { Name = name, IsBackground = true };
    }

    public MicrosecondHistogram Lateness { get; } = new();

    /// <summary>Whether the thread ran real-time (SCHED_FIFO); known once it started.</summary>
    public bool Realtime { get; private set; }

    /// <summary>Sends that failed (a full socket buffer); their packets count as sent and lost.</summary>
    public long Errors { get; private set; }

    /// <summary>Sends <paramref name="periods"/> packets per stream, the first period starting at Stopwatch timestamp <paramref name="firstPeriod"/>.</summary>
    public void Start(long firstPeriod, long periods)
    {
        _firstPeriod = firstPeriod;
        _periods = periods;
        _thread.Start();
    }

    public void Join() => _thread.Join();

    private void Run()
    {
        Libc.SetTimerSlack(1);
        Realtime = Libc.SetRealtimePriority(RealtimePriority);
        Span<byte> packet = stackalloc byte[RtpStream.PacketLength];
        for (long period = 0; period < _periods; period++)
        {
            var periodStart = _firstPeriod + (period * AudioLoad.PeriodTicks);
            foreach (var stream in _streams)
            {
                var deadline = periodStart + stream.Phase;
                var now = Stopwatch.GetTimestamp();
                if (now < deadline)
                {
                    now = WaitUntil(deadline);
                }
                Lateness.AddTicks(now - deadline);
                var length = stream.WritePacket(packet, period, now);
                stream.Sent++;
                try
                {
                    stream.Socket.SendTo(packet[..length], SocketFlags.None, stream.SendsTo);
                }
                catch (SocketException)
                {
                    Errors++;
                }
            }
        }
    }

    private static long WaitUntil(long deadline)
    {
        var remaining = deadline - Stopwatch.GetTimestamp();
        if (remaining > SpinTicks)
        {
            Libc.Sleep(remaining - SpinTicks);
        }
        long now;
        while ((now = Stopwatch.GetTimestamp()) < deadline)
        {
            Thread.SpinWait(10);
        }
        return now;
    }
}
