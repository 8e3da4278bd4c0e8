using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>G.711 audio both ways on every call at 20 ms ptime, the calls' send times spread evenly over the period,
/// for a warm-up and then a measurement window: one sender thread and one receiver thread for all the sockets.</summary>
internal sealed class AudioLoad : IDisposable
{
    /// <summary>Streams send at one of this many offsets in the period (100 µs apart): a stream's offset is the same
    /// every period, so the few sent back to back in one slot add no jitter of their own. Each slot is a wake-up of
    /// the sender, and on this VM a wake-up costs about as much CPU as three sends: 200 slots cost a third of a core.</summary>
    private const int PhaseSlots = 200;
    private static readonly TimeSpan Drain = TimeSpan.FromMilliseconds(500);

    private readonly RtpStream[] _streams; // 2i: call i's caller → callee, 2i + 1: callee → caller
    private readonly RtpSender _sender;
    private readonly RtpReceiver _receiver;
    private readonly TimeSpan _warmup;
    private readonly TimeSpan _window;

    public AudioLoad(IReadOnlyList<AudioPair> calls, TimeSpan warmup, TimeSpan window, Random random)
    {
        var count = calls.Count * 2;
        var slotTicks = PeriodTicks / PhaseSlots;
        RtpStream Stream(int index, Socket socket, IPEndPoint sendsTo) => new(
            socket, sendsTo.Serialize(), index * (long)PhaseSlots / count * slotTicks,
            (uint)random.NextInt64(uint.MaxValue), (ushort)random.Next(ushort.MaxValue), (uint)random.NextInt64(uint.MaxValue));
        _streams = calls.SelectMany((call, i) => new[]
        {
            Stream(2 * i, call.Caller, call.CallerSendsTo),
            Stream((2 * i) + 1, call.Callee, call.CalleeSendsTo),
        }).ToArray();
        _sender = new RtpSender(_streams, "rtp-sender");
        _receiver = new RtpReceiver(_streams, "rtp-receiver");
        _warmup = warmup;
        _window = window;
    }

    public static long PeriodTicks { get; } = Stopwatch.Frequency / 50;

    /// <summary>Stopwatch timestamp where the warm-up ends and measuring starts.</summary>
    public long WindowStart { get; private set; }

    /// <summary>Stopwatch timestamp of the last send's deadline (plus a period).</summary>
    public long WindowEnd { get; private set; }

    public void Start()
    {
        var first = Stopwatch.GetTimestamp() + (PeriodTicks * 5);
        var periods = (long)Math.Ceiling((_warmup + _window).TotalMilliseconds / 20);
        WindowStart = first + (long)(_warmup.TotalSeconds * Stopwatch.Frequency);
        WindowEnd = first + (periods * PeriodTicks);
        _receiver.Start(WindowStart, WindowEnd);
        _sender.Start(first, periods);
    }

    /// <summary>Waits for the last packets to be sent and to arrive, stops the receiver and sums up.</summary>
    public async Task<AudioFigures> FinishAsync()
    {
        await Task.Run(_sender.Join);
        await Task.Delay(Drain);
        await Task.Run(_receiver.Stop);
        var streamsWithLoss = 0;
        for (var i = 0; i < _streams.Length; i++)
        {
            var peer = _streams[i ^ 1]; // what stream i sent arrives on its peer's socket
            if (peer.Received < _streams[i].Sent)
            {
                streamsWithLoss++;
            }
        }
        return new AudioFigures(
            Calls: _streams.Length / 2,
            Sent: _streams.Sum(s => s.Sent),
            Received: _streams.Sum(s => s.Received),
            StreamsWithLoss: streamsWithLoss,
            InWindow: _receiver.InWindow,
            WindowSeconds: (double)(WindowEnd - WindowStart) / Stopwatch.Frequency,
            Jitter: _receiver.Jitter,
            TransitJitter: _receiver.TransitJitter,
            SendLateness: _sender.Lateness,
            SendErrors: _sender.Errors,
            Foreign: _receiver.Foreign,
            Untimed: _receiver.Untimed,
            SenderRealtime: _sender.Realtime);
    }

    public void Dispose() => _receiver.Dispose();
}
