using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CallActors.Media.Packets;
using CallActors.Media.Quality;
using CallActors.Media.Relay;

namespace CallActors.Benchmarks.Suites;

/// <summary>
/// 172-byte RTP packets (20 ms of G.711) pumped through the media relay, whose observer keeps RFC 3550 and
/// FreeSWITCH statistics as a call's monitor does. Baseline: one thread forwarding with blocking ReceiveFrom + SendTo,
/// no parsing. The same sender and receiver drive both, with at most <see cref="Window"/> packets in flight so the
/// figure is throughput, not socket-buffer overflow.
/// </summary>
internal sealed class RelayPpsSuite : IBenchmarkSuite
{
    private const int Window = 256;
    private const int PayloadBytes = 160;
    private const int SocketBufferBytes = 1 << 20;

    private static readonly IPAddress ForwarderAddress = IPAddress.Parse("127.0.21.1");
    private static readonly IPAddress PeerAddress = IPAddress.Parse("127.0.21.2");

    public string Name => "relay-pps";

    public async Task<SuiteResult> RunAsync(BenchmarkRun run)
    {
        var round = TimeSpan.FromSeconds((run.Quick ? 1.0 : 5.0) / run.Rounds);
        Console.WriteLine(
            $"{Name}: {RtpPacket.FixedHeaderLength + PayloadBytes}-byte RTP, at most {Window} in flight, {run.Rounds} rounds of {round.TotalSeconds:0.##} s each " +
            "(after a warm-up round); baseline: one thread's blocking ReceiveFrom + SendTo");

        var bareCpu = new CpuPerOperation();
        using var barePump = new PacketPump();
        double baseline;
        using (var bare = new BareForwarder(barePump.ReceiverEndPoint))
        {
            baseline = await run.MeasureAsync("bare ReceiveFrom/SendTo", bareCpu.Wrap(() => barePump.RunRoundAsync(bare.EndPoint, round)));
        }

        var relayCpu = new CpuPerOperation();
        using var relayPump = new PacketPump();
        var observer = new StatisticsObserver();
        double relayed;
        using (var relay = new MediaRelay(new MediaRelayOptions { BindAddress = ForwarderAddress, PortMin = 45000, PortMax = 45099 }))
        using (var session = relay.Open("relay-pps", observer))
        {
            session.Caller.SetPeer(relayPump.SenderEndPoint, null, rtcpMux: false);
            session.Callee.SetPeer(relayPump.ReceiverEndPoint, null, rtcpMux: false);
            relayed = await run.MeasureAsync("MediaRelay + statistics", relayCpu.Wrap(() => relayPump.RunRoundAsync(session.Caller.LocalRtp, round)));
            var totals = relay.Totals.Packets;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  relay counters: {totals.RtpReceived:N0} received, {totals.RtpSent:N0} sent, {totals.DroppedMalformed + totals.DroppedOversized + totals.DroppedUnexpectedSource + totals.DroppedNoDestination:N0} dropped, {totals.SendErrors:N0} send errors"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  observer: {observer.Describe()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  loss: bare {barePump.DescribeLoss()}; relay {relayPump.DescribeLoss()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  CPU per packet, whole process: bare {bareCpu.Median:0.00} us, relay {relayCpu.Median:0.00} us; " +
            $"without the sender and receiver threads: bare {bareCpu.Median - barePump.LoadCpuMicrosecondsPerPacket:0.00} us, relay {relayCpu.Median - relayPump.LoadCpuMicrosecondsPerPacket:0.00} us"));
        return new SuiteResult(Name, "pkt/s", relayed, baseline);
    }

    /// <summary>A sender thread and a receiver thread on 127.0.21.2: the sender keeps at most <see cref="Window"/>
    /// packets in flight (credits come back as the receiver counts arrivals); a window that stops moving for
    /// <see cref="StallTimeout"/> is written off as lost.</summary>
    private sealed class PacketPump : IDisposable
    {
        private static readonly TimeSpan StallTimeout = TimeSpan.FromMilliseconds(20);

        private readonly Socket _sender = Bound();
        private readonly Socket _receiver = Bound();
        private readonly ManualResetEventSlim _credit = new();
        private readonly List<double> _loadCpuPerPacket = [];
        private long _sent;
        private long _received;
        private long _writtenOff;
        private int _senderWaiting;
        private volatile bool _stopSending;
        private long _totalSent;
        private long _totalLost;
        private ushort _sequence;

        public IPEndPoint SenderEndPoint => (IPEndPoint)_sender.LocalEndPoint!;

        public IPEndPoint ReceiverEndPoint => (IPEndPoint)_receiver.LocalEndPoint!;

        /// <summary>Median CPU of the sender and receiver threads per packet received, over the rounds.</summary>
        public double LoadCpuMicrosecondsPerPacket => _loadCpuPerPacket.Order().ElementAt(_loadCpuPerPacket.Count / 2);

        private long InFlight => Volatile.Read(ref _sent) - Volatile.Read(ref _received) - Volatile.Read(ref _writtenOff);

        /// <summary>Pumps packets at <paramref name="target"/> for <paramref name="length"/>, waits for the stragglers and
        /// returns how many reached the receiver.</summary>
        public Task<long> RunRoundAsync(IPEndPoint target, TimeSpan length) => Task.Run(() =>
        {
            _sent = _received = _writtenOff = 0;
            _stopSending = false;
            long senderCpu = 0, receiverCpu = 0;
            var sender = new Thread(() => senderCpu = MeasureThreadCpu(() => Send(target.Serialize()))) { Name = "relay-pps sender" };
            var receiver = new Thread(() => receiverCpu = MeasureThreadCpu(Receive)) { Name = "relay-pps receiver" };
            receiver.Start();
            sender.Start();
            Thread.Sleep(length);
            _stopSending = true;
            _credit.Set();
            sender.Join();
            receiver.Join();

            var received = Volatile.Read(ref _received);
            _totalSent += _sent;
            _totalLost += _sent - received;
            _loadCpuPerPacket.Add((senderCpu + receiverCpu) / 1000.0 / received);
            return received;
        });

        public string DescribeLoss() => string.Create(CultureInfo.InvariantCulture,
            $"{_totalLost:N0} of {_totalSent:N0} ({100.0 * _totalLost / Math.Max(1, _totalSent):0.000} %)");

        public void Dispose()
        {
            _sender.Dispose();
            _receiver.Dispose();
            _credit.Dispose();
        }

        private void Send(SocketAddress target)
        {
            var packet = new byte[RtpPacket.FixedHeaderLength + PayloadBytes];
            RtpPacketWriter.Write(packet, new RtpHeader(PayloadTypes.Pcma, 0, 0, 0x5EED), new byte[PayloadBytes]);
            while (!_stopSending)
            {
                if (InFlight >= Window)
                {
                    WaitForCredit();
                    continue;
                }

                _sequence++;
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), _sequence);
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), _sequence * (uint)PayloadBytes);
                _sender.SendTo(packet, SocketFlags.None, target);
                Volatile.Write(ref _sent, _sent + 1);
            }
        }

        private void WaitForCredit()
        {
            _credit.Reset();
            Volatile.Write(ref _senderWaiting, 1);
            if (InFlight >= Window && !_credit.Wait(StallTimeout) && !_stopSending)
            {
                // Nothing came back for a while: what is in flight was dropped somewhere.
                Volatile.Write(ref _writtenOff, _sent - Volatile.Read(ref _received));
            }

            Volatile.Write(ref _senderWaiting, 0);
        }

        // Counts arrivals until the sender has stopped and nothing more came for the stall timeout.
        private void Receive()
        {
            var buffer = new byte[2048];
            _receiver.ReceiveTimeout = (int)StallTimeout.TotalMilliseconds;
            while (true)
            {
                try
                {
                    _receiver.Receive(buffer);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
                {
                    if (_stopSending)
                    {
                        return;
                    }

                    continue;
                }

                Volatile.Write(ref _received, _received + 1);
                if (Volatile.Read(ref _senderWaiting) == 1 && InFlight <= Window / 2)
                {
                    _credit.Set();
                }
            }
        }

        private static long MeasureThreadCpu(Action work)
        {
            var before = ThreadCpuNanoseconds();
            work();
            return ThreadCpuNanoseconds() - before;
        }

        // The first field of schedstat is the time this thread has run on a CPU, in nanoseconds.
        private static long ThreadCpuNanoseconds() =>
            long.Parse(File.ReadAllText("/proc/thread-self/schedstat").Split(' ')[0], CultureInfo.InvariantCulture);

        private static Socket Bound()
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
            {
                ReceiveBufferSize = SocketBufferBytes,
                SendBufferSize = SocketBufferBytes,
            };
            socket.Bind(new IPEndPoint(PeerAddress, 0));
            return socket;
        }
    }

    /// <summary>The physical baseline: one thread, blocking ReceiveFrom and SendTo to a fixed destination, no parsing.</summary>
    private sealed class BareForwarder : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = SocketBufferBytes };
        private readonly Thread _thread;

        public BareForwarder(IPEndPoint destination)
        {
            _socket.Bind(new IPEndPoint(ForwarderAddress, 0));
            EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
            _thread = new Thread(() => Forward(destination.Serialize())) { Name = "relay-pps bare forwarder", IsBackground = true };
            _thread.Start();
        }

        public IPEndPoint EndPoint { get; }

        public void Dispose()
        {
            _socket.Dispose(); // unblocks ReceiveFrom
            _thread.Join();
        }

        private void Forward(SocketAddress destination)
        {
            var buffer = new byte[2048];
            var from = new SocketAddress(AddressFamily.InterNetwork);
            try
            {
                while (true)
                {
                    var length = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
                    _socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, destination);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Disposed: the benchmark is over.
            }
        }
    }

    /// <summary>What a call's media monitor does per packet: parse the header, RFC 3550 loss and jitter, FreeSWITCH's
    /// quality figures for the inbound and outbound directions.</summary>
    private sealed class StatisticsObserver : IRelayPacketObserver
    {
        private readonly Rfc3550StreamStatistics _rfc3550 = new();
        private readonly FreeSwitchQuality _inbound = new();
        private readonly FreeSwitchQuality _outbound = new();
        private readonly ClockRateResolver _clockRates = ClockRateResolver.Static;

        public void OnRtp(RelayLegSide from, ReadOnlySpan<byte> packet, long arrivalUnixNanos)
        {
            if (!RtpPacket.TryParse(packet, out var rtp, out _))
            {
                return;
            }

            var kind = KindOf(rtp.PayloadType);
            _rfc3550.OnPacket(rtp.Ssrc, rtp.SequenceNumber, rtp.Timestamp, TimeSpan.FromTicks(arrivalUnixNanos / 100), _clockRates.GetClockRate(rtp.PayloadType) ?? 0, kind);
            _inbound.OnInboundPacket(kind, packet.Length, rtp.SequenceNumber, arrivalUnixNanos / 1_000_000);
        }

        public void OnRtcp(RelayLegSide from, ReadOnlySpan<byte> packet, long arrivalUnixNanos)
        {
        }

        public void OnRtpSent(RelayLegSide to, ReadOnlySpan<byte> packet)
        {
            if (RtpPacket.TryParse(packet, out var rtp, out _))
            {
                _outbound.OnOutboundPacket(KindOf(rtp.PayloadType), packet.Length);
            }
        }

        public void OnRtcpSent(RelayLegSide to, ReadOnlySpan<byte> packet, long sentUnixNanos)
        {
        }

        public string Describe()
        {
            var rfc3550 = _rfc3550.GetFigures();
            _inbound.SyncStatistics();
            var inbound = _inbound.GetFigures();
            return string.Create(CultureInfo.InvariantCulture,
                $"RFC 3550 received {rfc3550.Received:N0}, lost {rfc3550.Lost:N0}; " +
                $"FreeSWITCH in {inbound.Inbound.PacketCount:N0} packets, out {_outbound.GetFigures().Outbound.PacketCount:N0} packets, quality {inbound.QualityPercentage:0}");
        }

        private PacketKind KindOf(byte payloadType) => _clockRates.GetCodecFamily(payloadType) switch
        {
            CodecFamily.TelephoneEvent => PacketKind.Dtmf,
            CodecFamily.ComfortNoise => PacketKind.ComfortNoise,
            _ => PacketKind.Media,
        };
    }
}
