using System.Diagnostics;
using System.Net.Sockets;
using CallActors.Media.Packets;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>A dedicated thread that owns a share of the streams' sockets (non-blocking, watched with one epoll) and
/// timestamps each packet as it reads it: |inter-arrival − 20 ms| per stream once the warm-up is over, and how many
/// arrived inside the measurement window.</summary>
internal sealed class RtpReceiver : IDisposable
{
    private readonly RtpStream[] _streams;
    private readonly int _epoll;
    private readonly Thread _thread;
    private long _windowStart;
    private long _windowEnd;
    private volatile bool _stopping;

    public RtpReceiver(IEnumerable<RtpStream> streams, string name)
    {
        _streams = streams.ToArray();
        _epoll = Libc.EpollCreate();
        for (var i = 0; i < _streams.Length; i++)
        {
            var socket = _streams[i].Socket;
            socket.Blocking = false;
            Libc.EpollAdd(_epoll, (int)socket.Handle, (ulong)i);
        }
        _thread = new Thread(Run) { Name = name, IsBackground = true, Priority = ThreadPriority.Highest };
    }

    public MicrosecondHistogram Jitter { get; } = new();

    /// <summary>Packets that arrived inside the measurement window.</summary>
    public long InWindow { get; private set; }

    /// <summary>Datagrams that were not the 172-byte RTP packets the harness sends.</summary>
    public long Foreign { get; private set; }

    /// <summary>Starts reading; jitter is recorded from <paramref name="windowStart"/> on, packets counted until <paramref name="windowEnd"/>.</summary>
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
        var ready = new Libc.EpollEvent[256];
        var buffer = new byte[2048];
        while (!_stopping)
        {
            var count = Libc.EpollWait(_epoll, ready, 50);
            for (var i = 0; i < count; i++)
            {
                var stream = _streams[ready[i].Data];
                var length = stream.Socket.Receive(buffer, SocketFlags.None, out var error);
                if (error == SocketError.Success)
                {
                    Record(stream, buffer.AsSpan(0, length), Stopwatch.GetTimestamp());
                }
            }
        }
    }

    private void Record(RtpStream stream, ReadOnlySpan<byte> packet, long arrival)
    {
        if (packet.Length != RtpStream.PacketLength || !RtpPacket.TryParse(packet, out _, out _))
        {
            Foreign++;
            return;
        }
        stream.Received++;
        var previous = stream.LastArrival;
        stream.LastArrival = arrival;
        if (arrival < _windowStart)
        {
            return;
        }
        if (arrival < _windowEnd)
        {
            InWindow++;
        }
        if (previous != 0)
        {
            Jitter.AddTicks(Math.Abs(arrival - previous - AudioLoad.PeriodTicks));
        }
    }
}
