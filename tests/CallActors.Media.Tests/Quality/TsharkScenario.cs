using CallActors.Media.Quality;

namespace CallActors.Media.Tests.Quality;

/// <summary>One RTP packet of a test stream: header fields, what the monitor would classify it as, and its arrival.</summary>
internal sealed record PacketSpec(ushort Seq, uint Timestamp, bool Marker, int PayloadType, PacketKind Kind, int ClockRate,
    long ArrivalMicros)
{
    public double ArrivalMs => ArrivalMicros / 1000.0;
}

/// <summary>The streams whose TShark 4.0.17 <c>rtp,streams</c> columns WiresharkRtpAnalysisTests pins: 20 ms packets,
/// each delayed by a repeating pattern of a few ms, sorted by arrival as a capture would be. PT 0 is PCMU, 13 CN,
/// 11 L16/44100, 101 an RFC 4733 event, 96 unmapped.</summary>
internal static class TsharkScenario
{
    /// <summary>300 packets from seq 65500 (wraps at the 36th), packets 40–42, 100 and 250 missing.</summary>
    public static IReadOnlyList<PacketSpec> A()
    {
        var packets = new List<PacketSpec>();
        for (var i = 0; i < 300; i++)
        {
            if (i is 40 or 41 or 42 or 100 or 250)
            {
                continue;
            }

            packets.Add(Pcmu(65500 + i, 123456 + (160 * i), i == 0, Late(i, 37, 11, 450) + (20000L * i)));
        }

        return Sorted(packets);
    }

    /// <summary>200 packets; an 8-packet event at 80–87 (the event's timestamp, M on the first), M on 88, packet 120
    /// arriving after 121, packet 150 duplicated 1 ms later.</summary>
    public static IReadOnlyList<PacketSpec> B()
    {
        var packets = new List<PacketSpec>();
        for (var i = 0; i < 200; i++)
        {
            var arrival = (20000L * i) + Late(i, 13, 7, 300);
            if (i is >= 80 and <= 87)
            {
                packets.Add(new PacketSpec((ushort)(1000 + i), 8000 + (160 * 80), i == 80, 101, PacketKind.Dtmf, 0, arrival));
                continue;
            }

            if (i == 120)
            {
                arrival += 25000;
            }

            packets.Add(Pcmu(1000 + i, 8000 + (160 * i), i is 0 or 88, arrival));
            if (i == 150)
            {
                packets.Add(Pcmu(1000 + i, 8000 + (160 * i), false, arrival + 1000));
            }
        }

        return Sorted(packets);
    }

    /// <summary>150 packet times; silence at 50–59 with one CN packet at 50, the talkspurt resuming at 60 with M;
    /// sequence numbers stay contiguous.</summary>
    public static IReadOnlyList<PacketSpec> C()
    {
        var packets = new List<PacketSpec>();
        var seq = 7000;
        for (var i = 0; i < 150; i++)
        {
            var arrival = (20000L * i) + Late(i, 29, 5, 700);
            if (i == 50)
            {
                packets.Add(new PacketSpec((ushort)seq++, (uint)(4000 + (160 * i)), false, 13, PacketKind.ComfortNoise, 8000, arrival));
                continue;
            }

            if (i is > 50 and < 60)
            {
                continue;
            }

            packets.Add(Pcmu(seq++, 4000 + (160 * i), i == 60, arrival));
        }

        return Sorted(packets);
    }

    /// <summary>100 packets whose timestamp wraps at the 31st.</summary>
    public static IReadOnlyList<PacketSpec> D()
    {
        var packets = new List<PacketSpec>();
        for (var i = 0; i < 100; i++)
        {
            packets.Add(Pcmu(200 + i, uint.MaxValue - (160L * 30) + 1 + (160L * i), false, (20000L * i) + Late(i, 37, 11, 450)));
        }

        return Sorted(packets);
    }

    /// <summary>100 packets and a stray one (seq 297, timestamp before the first) 5 ms after the 51st.</summary>
    public static IReadOnlyList<PacketSpec> E()
    {
        var packets = new List<PacketSpec>();
        for (var i = 0; i < 100; i++)
        {
            var arrival = (20000L * i) + Late(i, 37, 11, 450);
            packets.Add(Pcmu(300 + i, 50000 + (160 * i), false, arrival));
            if (i == 50)
            {
                packets.Add(Pcmu(297, 50000 - 480, false, arrival + 5000));
            }
        }

        return Sorted(packets);
    }

    /// <summary>50 packets of L16 mono at 44.1 kHz (882 ticks per 20 ms).</summary>
    public static IReadOnlyList<PacketSpec> F()
    {
        var packets = new List<PacketSpec>();
        for (var i = 0; i < 50; i++)
        {
            packets.Add(new PacketSpec((ushort)(10 + i), (uint)(1000 + (882 * i)), false, 11, PacketKind.Media, 44100,
                (20000L * i) + Late(i, 37, 11, 450)));
        }

        return Sorted(packets);
    }

    /// <summary>50 packets of dynamic PT 96 with no rtpmap.</summary>
    public static IReadOnlyList<PacketSpec> G()
    {
        var packets = new List<PacketSpec>();
        for (var i = 0; i < 50; i++)
        {
            packets.Add(new PacketSpec((ushort)(10 + i), (uint)(1000 + (160 * i)), false, 96, PacketKind.Media, 0,
                (20000L * i) + Late(i, 37, 11, 450)));
        }

        return Sorted(packets);
    }

    private static PacketSpec Pcmu(int seq, long timestamp, bool marker, long arrivalMicros) =>
        new((ushort)seq, unchecked((uint)timestamp), marker, 0, PacketKind.Media, 8000, arrivalMicros);

    // Extra transit in µs: ((i·a) mod b)·step.
    private static long Late(int i, int a, int b, int step) => (long)(i * a % b) * step;

    private static IReadOnlyList<PacketSpec> Sorted(List<PacketSpec> packets) => [.. packets.OrderBy(p => p.ArrivalMicros)];
}
