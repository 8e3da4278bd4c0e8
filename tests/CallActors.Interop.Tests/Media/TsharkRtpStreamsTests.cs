using System.Net;

namespace CallActors.Interop.Tests.Media;

/// <summary>Parsing tshark's <c>rtp,streams</c> table, on output tshark printed (no peer needed).</summary>
public sealed class TsharkRtpStreamsTests
{
    // tshark 4.0.17 on shared/reference/examples/sipp/capture_call_rtpstream.pcap (tests/fixtures/pcap).
    private const string SippCall = """
        Running as user "root" and group "root". This could be dangerous.
        ========================= RTP Streams ========================
           Start time      End time     Src IP addr  Port    Dest IP addr  Port       SSRC          Payload  Pkts         Lost   Min Delta(ms)  Mean Delta(ms)   Max Delta(ms)  Min Jitter(ms) Mean Jitter(ms)  Max Jitter(ms) Problems?
             6.509991      6.649923      127.0.0.41 16000      127.0.0.42  6000 0x0E05384E  telephone-event    10    -2 (-25.0%)           0.005          15.548          20.071          -1.000           0.000           0.000 X
             6.509958      6.649911      127.0.0.42  6000      127.0.0.41 16000 0x0E05384E  telephone-event    10    -2 (-25.0%)           0.006          15.550          20.072          -1.000           0.000           0.000 X
             0.016035      5.996047      127.0.0.41 16000      127.0.0.42  6000 0xCA110000            g711A   300     0 (0.0%)          16.063          20.000          23.648           0.009           0.262           0.714
             0.016005      5.996028      127.0.0.42  6000      127.0.0.41 16000 0xCA110000            g711A   300     0 (0.0%)          16.090          20.000          23.651           0.009           0.252           0.694
        ==============================================================
        """;

    // The layout of tshark 1.x–3.x (ui/cli/tap-rtp.c), with a payload name holding a space.
    private const string OlderLayout = """
        ========================= RTP Streams ========================
            Src IP addr  Port    Dest IP addr  Port       SSRC          Payload  Pkts         Lost   Max Delta(ms)  Max Jitter(ms) Mean Jitter(ms) Problems?
              127.0.0.1 40000       127.0.0.2 40002 0x11111111  g711U, rtpevent   245     5 (2.0%)          78.057           2.563           1.897 X
        ==============================================================
        """;

    [Fact]
    public void The_4_0_table_parses_by_column_name_with_negative_loss_and_problems()
    {
        var streams = TsharkRtpStreams.Parse(SippCall);

        Assert.Equal(4, streams.Count);
        var dtmf = streams[0];
        Assert.Equal((6.509991, 6.649923), (dtmf.StartSeconds, dtmf.EndSeconds));
        Assert.Equal(IPEndPoint.Parse("127.0.0.41:16000"), dtmf.Source);
        Assert.Equal(IPEndPoint.Parse("127.0.0.42:6000"), dtmf.Destination);
        Assert.Equal((0x0E05384Eu, "telephone-event", 10, -2, -25.0, true), (dtmf.Ssrc, dtmf.Payload, dtmf.Packets, dtmf.Lost, dtmf.LostPercent, dtmf.HasProblems));
        var voice = streams[3];
        Assert.Equal((0xCA110000u, "g711A", 300, 0, 0.0, false), (voice.Ssrc, voice.Payload, voice.Packets, voice.Lost, voice.LostPercent, voice.HasProblems));
        Assert.Equal((16.090, 20.000, 23.651), (voice.MinDeltaMs, voice.MeanDeltaMs, voice.MaxDeltaMs));
        Assert.Equal((0.009, 0.252, 0.694), (voice.MinJitterMs, voice.MeanJitterMs, voice.MaxJitterMs));
    }

    [Fact]
    public void An_older_layout_with_fewer_columns_and_a_payload_with_a_space_parses_too()
    {
        var stream = Assert.Single(TsharkRtpStreams.Parse(OlderLayout));

        Assert.Equal(("g711U, rtpevent", 245, 5, 2.0, true), (stream.Payload, stream.Packets, stream.Lost, stream.LostPercent, stream.HasProblems));
        Assert.Equal((78.057, 2.563, 1.897), (stream.MaxDeltaMs, stream.MaxJitterMs, stream.MeanJitterMs));
        Assert.Null(stream.StartSeconds);
        Assert.Null(stream.MinDeltaMs);
    }

    [Fact]
    public void Output_without_the_table_or_with_an_unknown_column_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => TsharkRtpStreams.Parse("tshark: The file \"x.pcap\" doesn't exist."));
        Assert.Throws<FormatException>(() => TsharkRtpStreams.Parse(SippCall.Replace("Pkts", "Packets", StringComparison.Ordinal)));
        Assert.Throws<FormatException>(() => TsharkRtpStreams.Parse(SippCall.Replace(" 0xCA110000            g711A   300", "", StringComparison.Ordinal)));
    }
}
