using System.Diagnostics;
using System.Net.Sockets;
using CallActors.Media.Packets;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>A dedicated thread that reads the streams' sockets (non-blocking, watched with one epoll) and records
/// |inter-arrival − 20 ms| per stream once the warm-up is over, and how many packets arrived in the window. Arrival is
/// the kernel's receive timestamp (for loopback: when the sender — the relay — handed the packet over), so this thread
/// reads in batches, a wake-up per millisecond instead of one per packet, without losing precision and without its
/// own scheduling delays counting as jitter.</summary>
internal sealed class RtpReceiver : IDisposable
{
    private const long PeriodNanoseconds = 20_000_000;
    private static readonly long BatchTicks = Stopwatch.Frequency / 1000;
    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    private readonly RtpStream[] _streams;
    private readonly int[] _descriptors;
    private readonly int _epoll;
    private readonly Thread _thread;
    private long _windowStart;
    private long _windowEnd;
    private volatile bool _stopping;

    public RtpReceiver(IEnumerable<RtpStream> streams, string name)
    {
        _streams = streams.ToArray();
        _descriptors = new int[_streams.Length];
        _epoll = Libc.EpollCreate();
        for (var i = 0; i < _streams.Length; i++)
        {
            var socket = _streams[i].Socket;
            socket.Blocking = false;
            _descriptors[i] = (int)socket.Handle;
            Libc.LastReceiveTimestamp(_descriptors[i]); // turns the socket's receive timestamps on before any packet arrives
            Libc.EpollAdd(_epoll, _descriptors[i], (ulong)i);
        }
        _thread = new Thread(Run) { Name = name, IsBackground = true };
    }

    public MicrosecondHistogram Jitter { get; } = new();

    /// <summary>|transit − the previous packet's transit| (RFC 3550's D(i−1, i)): the path's share of the jitter, the sender's lateness taken out.</summary>
    public MicrosecondHistogram TransitJitter { get; } = new();

    /// <summary>Packets read inside the measurement window.</summary>
    public long InWindow { get; private set; }

    /// <summary>Datagrams that were not the 172-byte RTP packets the harness sends.</summary>
    public long Foreign { get; private set; }

    /// <summary>Packets the kernel gave no timestamp (they count as received, not in the jitter).</summary>
    public long Untimed { get; private set; }

    /// <summary>Starts reading; jitter is recorded from Stopwatch timestamp <paramref name="windowStart"/> on, packets counted until <paramref name="windowEnd"/>.</summary>
    public void Start(long windowStart, long windowEnd)
    {
        _windowStart = windowStart;
        _windowEnd = windowEnd;
        _thread.Start();
    }

    public void Stop()
    {
        _stopping = true;
        _thread.Join();
    }

    public void Dispose() => Libc.Close(_epoll);

    private void Run()
    {
        var ready = new Libc.EpollEvent[1024];
        var buffer = new byte[2048];
        while (!_stopping)
        {
            var count = Libc.EpollWait(_epoll, ready, 50);
            var now = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                var index = (int)ready[i].Data;
                var stream = _streams[index];
                var length = stream.Socket.Receive(buffer, SocketFlags.None, out var error);
                if (error == SocketError.Success)
                {
                    Record(stream, buffer.AsSpan(0, length), Libc.LastReceiveTimestamp(_descriptors[index]), now);
                }
            }
            Libc.Sleep(BatchTicks);
        }
    }

    private void Record(RtpStream stream, ReadOnlySpan<byte> packet, long arrival, long now)
    {
        if (packet.Length != RtpStream.PacketLength || !RtpPacket.TryParse(packet, out _, out _))
        {
            Foreign++;
            return;
        }
        stream.Received++;
        var previous = stream.LastArrival;
        var previousTransit = stream.LastTransit;
        if (arrival <= 0)
        {
            Untimed++;
            stream.LastArrival = 0;
            return;
        }
        var transit = arrival - (long)(RtpStream.ReadSendTime(packet) * NanosecondsPerTick);
        stream.LastArrival = arrival;
        stream.LastTransit = transit;
        if (now < _windowStart)
        {
            return;
        }
        if (now < _windowEnd)
        {
            InWindow++;
        }
        if (previous != 0)
        {
            Jitter.AddNanoseconds(Math.Abs(arrival - previous - PeriodNanoseconds));
            TransitJitter.AddNanoseconds(Math.Abs(transit - previousTransit));
        }
    }
}
