using CallActors.TestKit;
using System.Net;
using System.Net.Sockets;

namespace CallActors.Media.Tests.Relay;

/// <summary>A phone or a NAT box on the far side of the relay: a plain UDP socket on a loopback address.</summary>
internal sealed class UdpTestPeer : IDisposable
{
    private readonly Socket _socket;

    public UdpTestPeer(string address, int port = 0)
    {
        var ip = IPAddress.Parse(address);
        _socket = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 20 };
        _socket.Bind(new IPEndPoint(ip, port));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    public void Send(byte[] datagram, IPEndPoint to) => _socket.SendTo(datagram, to);

    /// <summary>The next datagram and where it came from; fails after the deadline.</summary>
    public async Task<(byte[] Bytes, IPEndPoint From)> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? Poll.DefaultTimeout);
        var buffer = new byte[65_536];
        try
        {
            var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(EndPoint.Address.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0), deadline.Token);
            return (buffer.AsSpan(0, result.ReceivedBytes).ToArray(), (IPEndPoint)result.RemoteEndPoint);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No datagram reached {EndPoint} within {(timeout ?? Poll.DefaultTimeout).TotalSeconds} s.");
            throw;
        }
    }

    /// <summary>Skips datagrams until one matches; fails after the deadline.</summary>
    public async Task<(byte[] Bytes, IPEndPoint From)> ReceiveMatchingAsync(Func<byte[], bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Poll.DefaultTimeout);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                Assert.Fail($"No matching datagram reached {EndPoint} in time.");
            }

            var received = await ReceiveAsync(left);
            if (match(received.Bytes))
            {
                return received;
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
