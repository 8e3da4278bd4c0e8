using System.Net;
using System.Net.Sockets;
using CallActors.Media.Relay;

namespace CallActors.Media.Tests.Relay;

/// <summary>recvmmsg on a relay socket; address 127.0.20.70, ports 42700–42799.</summary>
public sealed class ReceiveBatchTests
{
    private static readonly IPAddress Address = IPAddress.Parse("127.0.20.70");

    [Fact]
    public void Each_datagram_comes_with_its_source_and_the_kernels_receive_time_not_the_read_time()
    {
        using var socket = RelaySocket.TryBind(new IPEndPoint(Address, 42700), 1 << 16, 0)!;
        using var batch = new ReceiveBatch(capacity: 4, packetBytes: 1500);
        using var peer = new UdpTestPeer("127.0.20.70");
        var beforeSend = UnixNanosNow();
        peer.Send(TestPackets.Rtp(1), socket.LocalEndPoint);
        peer.Send(TestPackets.Rtp(2, payloadBytes: 2000), socket.LocalEndPoint);
        var afterSend = UnixNanosNow() + 1_000_000;

        // The datagrams wait in the socket buffer: a clock read at receive time would be at least 50 ms late.
        Thread.Sleep(50);
        var count = batch.Receive(socket.Fd);

        Assert.Equal(2, count);
        Assert.Equal(TestPackets.Rtp(1), batch.Packet(0).ToArray());
        Assert.False(batch.IsTruncated(0));
        Assert.Equal(peer.EndPoint, batch.Source(0).ToEndPoint());
        Assert.True(batch.TryGetArrival(0, out var arrival));
        Assert.InRange(arrival, beforeSend, afterSend);
        Assert.True(batch.IsTruncated(1));
        Assert.Equal(0, batch.Receive(socket.Fd));
    }

    [Fact]
    public void A_port_someone_else_holds_cannot_be_bound()
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(Address, 42702));

        Assert.Null(RelaySocket.TryBind(new IPEndPoint(Address, 42702), 1 << 16, 0));
    }

    private static long UnixNanosNow() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
}
