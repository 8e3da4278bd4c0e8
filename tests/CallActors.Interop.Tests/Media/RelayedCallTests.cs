using System.Text.Json;
using CallActors.Interop.Tests.Infrastructure;
using CallActors.Node.Tests;
using Xunit.Abstractions;

namespace CallActors.Interop.Tests.Media;

/// <summary>A real call with real media through the node's relay: sipp's caller streams G.711 A-law (rtp_stream), sipp's
/// callee echoes it (-rtp_echo), so audio crosses the relay both ways; the node's recorded figures must show a clean
/// call on both legs.</summary>
public sealed class RelayedCallTests(ITestOutputHelper output)
{
    private static readonly TimeSpan SippTimeout = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [PeerFact("sipp", "sip-tester")]
    public void A_clean_G711_call_through_the_relay_reports_MOS_4_4_by_G107_and_4_5_by_FreeSWITCH_on_both_legs()
    {
        Peers.Require("sipp", "sip-tester");
        var net = Loopback.Claim(21);
        using var directory = new TempDirectory();
        File.WriteAllBytes(directory.File("tone.alaw"), ALawTone(seconds: 2));
        var settings = new NodeSettings
        {
            Address = net.Node,
            Routes = [new NodeRoute("uas", $"sip:${{user}}@{net.Uas}:5070")],
            MediaPortMin = 32100,
            MediaPortMax = 32199,
        };
        using var node = InteropNode.Start(directory.Path, settings);
        using (var callee = Sipp.Start(directory.Path, "uas", net.Uas, 5070, SippTimeout,
                   "-sf", Sipp.Scenario("uas_echoes_alaw.xml"), "-mp", "16000", "-rtp_echo", "-m", "1"))
        {
            callee.WaitUntilListening();
            using var caller = Sipp.Start(directory.Path, "uac", net.Uac, 5060, SippTimeout,
                node.SipAddress, "-sf", Sipp.Scenario("uac_streams_alaw.xml"), "-m", "1");
            caller.WaitForExit().AssertSucceeded();
            callee.WaitForExit().AssertSucceeded();
        }

        var callId = Assert.Single(node.WaitForRoutedCalls(1, Wait));
        var call = node.WaitForCall(callId, c => c.Manifests.Contains("call-ended"), Wait);
        node.Stop();
        Assert.Equal("completed, 200, caller, NORMAL_CLEARING", call?.Ending);
        var events = node.ReadEvents(callId);
        var samples = events.Where(e => e.GetProperty("manifest").GetString() == "media-stats-sampled").Select(e => e.GetProperty("payload")).ToList();
        var final = samples[^1];
        output.WriteLine(final.GetRawText());
        Assert.True(final.GetProperty("final").GetBoolean());

        foreach (var leg in new[] { "caller", "callee" })
        {
            var sample = final.GetProperty("media").GetProperty(leg);
            var inbound = sample.GetProperty("figures").GetProperty("inbound");
            // sipp streams the 2-second file twice: 200 packets of 20 ms; the callee echoes each one.
            Assert.Equal(200, inbound.GetProperty("counts").GetProperty("mediaPackets").GetInt64());
            Assert.Equal("PCMA", inbound.GetProperty("codec").GetProperty("name").GetString());
            Assert.Equal(0, inbound.GetProperty("rfc3550").GetProperty("lost").GetInt64());
            Assert.InRange(inbound.GetProperty("g107").GetProperty("mos").GetDouble(), 4.40, 4.42);
            Assert.Equal(4.5, inbound.GetProperty("freeswitch").GetProperty("mos").GetDouble());
            Assert.Equal(100, inbound.GetProperty("freeswitch").GetProperty("qualityPercentage").GetInt32());
            Assert.Equal(200, sample.GetProperty("figures").GetProperty("outbound").GetProperty("counts").GetProperty("mediaPackets").GetInt64());
            Assert.False(sample.GetProperty("figures").GetProperty("oneWayAudio").GetBoolean());
            var relay = sample.GetProperty("relay");
            Assert.Equal(0, relay.GetProperty("droppedMalformed").GetInt64() + relay.GetProperty("droppedUnexpectedSource").GetInt64());
            var peer = leg == "caller" ? net.Uac : net.Uas;
            Assert.StartsWith(peer + ":", sample.GetProperty("remoteMediaAddress").GetString(), StringComparison.Ordinal);
        }
    }

    /// <summary>A 1 kHz tone as headerless 8 kHz G.711 A-law (what sipp's rtp_stream sends verbatim).</summary>
    private static byte[] ALawTone(int seconds)
    {
        var bytes = new byte[8000 * seconds];
        for (var i = 0; i < bytes.Length; i++)
        {
            var sample = (short)(8000 * Math.Sin(2 * Math.PI * 1000 * i / 8000.0));
            bytes[i] = ALaw(sample);
        }
        return bytes;
    }

    // ITU-T G.711 A-law compression of a 16-bit sample.
    private static byte ALaw(short pcm)
    {
        var sign = pcm >= 0 ? 0x80 : 0x00;
        var magnitude = Math.Min(Math.Abs((int)pcm), 32635) >> 3;
        int encoded;
        if (magnitude < 32)
        {
            encoded = magnitude >> 1;
        }
        else
        {
            var exponent = 1;
            while (magnitude >= 64 << (exponent - 1) && exponent < 7)
            {
                exponent++;
            }
            encoded = (exponent << 4) | ((magnitude >> exponent) & 0x0F);
        }
        return (byte)((encoded | sign) ^ 0x55);
    }
}
