using System.Net;
using System.Net.Sockets;

namespace CallActors.Media.Relay;

/// <summary>One bound, non-blocking UDP socket of a leg (its RTP or its RTCP port) and the source it has latched to.</summary>
/// <remarks>The worker reads and writes it through its file descriptor; the <see cref="Socket"/> only owns the descriptor,
/// and is disposed by the worker after it has been removed from epoll, so the number cannot be reused under it.</remarks>
internal sealed class RelaySocket : IDisposable
{
    private readonly Socket _socket;

    private RelaySocket(Socket socket, long relearnAfterTimestamps)
    {
        _socket = socket;
        Fd = (int)socket.SafeHandle.DangerousGetHandle();
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        Latch = new SourceLatch(relearnAfterTimestamps);
    }

    public int Fd { get; }

    public IPEndPoint LocalEndPoint { get; }

    public SourceLatch Latch { get; }

    /// <summary>The worker's epoll token for this socket, while it is registered.</summary>
    public ulong Token { get; set; }

    /// <summary>Binds a relay socket (non-blocking, SO_RCVBUF, SO_TIMESTAMPNS); null when the port is taken.</summary>
    public static RelaySocket? TryBind(IPEndPoint endPoint, int receiveBufferBytes, long relearnAfterTimestamps)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Blocking = false;
            socket.ReceiveBufferSize = receiveBufferBytes;
            socket.SetRawSocketOption(Libc.SolSocket, Libc.SoTimestampNs, BitConverter.GetBytes(1));
            socket.Bind(endPoint);
            return new RelaySocket(socket, relearnAfterTimestamps);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            socket.Dispose();
            return null;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _socket.Dispose();
}
