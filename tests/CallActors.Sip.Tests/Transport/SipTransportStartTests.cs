using System.Net;
using System.Net.Sockets;
using CallActors.Sip.Messages;
using CallActors.Sip.Transport;

namespace CallActors.Sip.Tests.Transport;

public sealed class SipTransportStartTests
{
    [Fact]
    public async Task Port_0_gives_UDP_and_TCP_the_same_port_and_the_start_is_logged()
    {
        const string Address = "127.0.1.40";
        await using var t = await TransportUnderTest.StartAsync(Address);

        var port = t.Transport.UdpEndPoint.Port;
        Assert.NotEqual(0, port);
        Assert.Equal(port, t.Transport.TcpEndPoint.Port);
        Assert.Equal(port, t.Transport.AdvertisedPort);
        Assert.Equal(Address, t.Transport.AdvertisedHost);
        Assert.Contains(t.Log.Lines, l => l.Text.StartsWith($"SIP listening on udp:{Address}:{port} and tcp:{Address}:{port}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_UDP_port_in_use_fails_the_start_naming_udp_and_the_address()
    {
        const string Address = "127.0.1.41";
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        taken.Bind(new IPEndPoint(IPAddress.Parse(Address), 0));
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        await using var transport = new SipTransport(new SipTransportOptions { BindAddress = Address, Port = port }, new RecordingSink(), null, TimeProvider.System, null);

        var error = await Assert.ThrowsAsync<IOException>(() => transport.StartAsync(CancellationToken.None));

        Assert.Contains($"udp:{Address}:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("already in use", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_TCP_port_in_use_fails_the_start_naming_tcp_and_releases_the_UDP_port()
    {
        const string Address = "127.0.1.42";
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Parse(Address), 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        await using var transport = new SipTransport(new SipTransportOptions { BindAddress = Address, Port = port }, new RecordingSink(), null, TimeProvider.System, null);

        var error = await Assert.ThrowsAsync<IOException>(() => transport.StartAsync(CancellationToken.None));

        Assert.Contains($"tcp:{Address}:{port}", error.Message, StringComparison.Ordinal);
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Parse(Address), port));
    }

    [Fact]
    public async Task A_wildcard_bind_advertises_a_real_address_and_reports_the_address_a_datagram_came_to()
    {
        const string Address = "127.0.1.43";
        await using var t = await TransportUnderTest.StartAsync("0.0.0.0", o => o with { EnableTcp = false });
        using var peer = new UdpPeer(Address);

        peer.Send(SipText.Request(), new IPEndPoint(IPAddress.Parse(Address), t.Transport.UdpEndPoint.Port));

        var inbound = (await t.Sink.WaitForAsync(1))[0];
        Assert.True(IPAddress.TryParse(t.Transport.AdvertisedHost, out var advertised));
        Assert.NotEqual(IPAddress.Any, advertised);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(Address), t.Transport.UdpEndPoint.Port), inbound.Local);
    }

    [Fact]
    public void Invalid_options_are_refused_naming_each_setting()
    {
        var options = new SipTransportOptions
        {
            BindAddress = "localhost",
            Port = 70_000,
            AdvertisedAddress = "0.0.0.0",
            ReceiveQueueCapacity = 0,
            Parser = new SipParserOptions { MaxMessageBytes = 0 },
        };

        var error = Assert.Throws<ArgumentException>(() => new SipTransport(options, new RecordingSink(), null, TimeProvider.System, null));

        Assert.Contains(nameof(SipTransportOptions.BindAddress), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(SipTransportOptions.Port), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(SipTransportOptions.AdvertisedAddress), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(SipTransportOptions.ReceiveQueueCapacity), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(SipParserOptions.MaxMessageBytes), error.Message, StringComparison.Ordinal);
    }
}
