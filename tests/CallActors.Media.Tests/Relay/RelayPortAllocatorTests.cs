using System.Net;
using System.Net.Sockets;
using CallActors.Media.Relay;

namespace CallActors.Media.Tests.Relay;

/// <summary>Port pairs; the tests that bind use 127.0.20.1–9 and ports 42000–42099.</summary>
public sealed class RelayPortAllocatorTests
{
    [Fact]
    public void Hands_out_every_even_port_whose_rtcp_port_fits_then_reports_the_range_exhausted()
    {
        var allocator = new RelayPortAllocator(42000, 42006); // 42006 has no 42007: three pairs

        var ports = new[] { allocator.Allocate(Take), allocator.Allocate(Take), allocator.Allocate(Take) };

        Assert.Equal(["42000", "42002", "42004"], ports);
        var exhausted = Assert.Throws<RelayPortsExhaustedException>(() => allocator.Allocate(Take));
        Assert.Contains("42000-42006", exhausted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_busy_pair_is_skipped_and_tried_again_later()
    {
        var allocator = new RelayPortAllocator(42000, 42003);
        var busy = true;

        Assert.Equal("42002", allocator.Allocate(port => port == 42000 && busy ? null : Take(port)));
        busy = false;
        Assert.Equal("42000", allocator.Allocate(Take));
    }

    [Fact]
    public void A_released_pair_is_handed_out_again()
    {
        var allocator = new RelayPortAllocator(42000, 42003);
        allocator.Allocate(Take);
        allocator.Allocate(Take);

        allocator.Release(42002);

        Assert.Equal("42002", allocator.Allocate(Take));
        Assert.Throws<RelayPortsExhaustedException>(() => allocator.Allocate(Take));
    }

    [Fact]
    public void The_relay_skips_a_pair_whose_rtcp_port_another_process_holds()
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Parse("127.0.20.1"), 42011));
        using var relay = new MediaRelay(Options("127.0.20.1", 42010, 42015));

        using var session = relay.Open("busy@relay.test", new RecordingObserver());

        Assert.Equal(42012, session.Caller.LocalRtp.Port);
        Assert.Equal(42013, session.Caller.LocalRtcp.Port);
        Assert.Equal(42014, session.Callee.LocalRtp.Port);
        Assert.Equal(IPAddress.Parse("127.0.20.1"), session.Callee.LocalRtp.Address);
    }

    [Fact]
    public void Opening_beyond_the_range_throws_and_a_disposed_session_makes_room_again()
    {
        using var relay = new MediaRelay(Options("127.0.20.2", 42020, 42023));
        var first = relay.Open("first@relay.test", new RecordingObserver());

        var exhausted = Assert.Throws<RelayPortsExhaustedException>(() => relay.Open("second@relay.test", new RecordingObserver()));
        Assert.Equal((42020, 42023), (exhausted.PortMin, exhausted.PortMax));
        Assert.Equal(1, relay.OpenSessions);

        first.Dispose();
        using var again = relay.Open("third@relay.test", new RecordingObserver());
        Assert.Equal([42020, 42022], new[] { again.Caller.LocalRtp.Port, again.Callee.LocalRtp.Port }.Order());
    }

    [Fact]
    public void Options_with_an_odd_port_min_are_refused()
    {
        var options = Options("127.0.20.3", 42031, 42039);

        var refused = Assert.Throws<ArgumentException>(() => new MediaRelay(options));
        Assert.Contains("PortMin", refused.Message, StringComparison.Ordinal);
    }

    private static string Take(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static MediaRelayOptions Options(string address, int portMin, int portMax) =>
        new() { BindAddress = IPAddress.Parse(address), PortMin = portMin, PortMax = portMax };
}
