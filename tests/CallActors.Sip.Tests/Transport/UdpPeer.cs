using CallActors.TestKit;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CallActors.Sip.Tests.Transport;

/// <summary>The far end of a UDP exchange: a plain socket on a loopback address.</summary>
internal sealed class UdpPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public UdpPeer(string address)
    {
        _socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    public void Send(string text, IPEndPoint to) => Send(Encoding.UTF8.GetBytes(text), to);

    public void Send(byte[] datagram, IPEndPoint to) => _socket.SendTo(datagram, to);

    /// <summary>The next datagram and where it came from; fails after the deadline.</summary>
    public async Task<(byte[] Bytes, IPEndPoint From)> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? Poll.DefaultTimeout);
        var buffer = new byte[65_536];
        try
        {
            var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), deadline.Token);
            return (buffer.AsSpan(0, result.ReceivedBytes).ToArray(), (IPEndPoint)result.RemoteEndPoint);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No datagram reached {EndPoint} within {(timeout ?? Poll.DefaultTimeout).TotalSeconds} s.");
            throw;
        }
    }

    public async Task<string> ReceiveTextAsync() => Encoding.UTF8.GetString((await ReceiveAsync()).Bytes);

    public void Dispose() => _socket.Dispose();
}
