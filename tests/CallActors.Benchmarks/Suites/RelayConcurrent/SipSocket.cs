using System.Net;
using System.Net.Sockets;
using CallActors.Sip.Messages;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>The UDP socket of one of the harness's user agents: sends SIP messages, and hands each message it
/// receives to a handler, one at a time on its receive loop.</summary>
internal sealed class SipSocket : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _receiving;

    public SipSocket(IPEndPoint bindTo, Action<SipMessage, IPEndPoint> handle)
    {
        _socket.ReceiveBufferSize = 4 << 20; // a burst of INVITEs or BYEs must not overflow it
        _socket.Bind(bindTo);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _receiving = Task.Run(() => ReceiveAsync(handle));
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Rethrows what stopped the receive loop (a handler's bug), so that it is not mistaken for lost calls.</summary>
    public void ThrowIfFailed()
    {
        if (_receiving.IsFaulted)
        {
            _receiving.GetAwaiter().GetResult();
        }
    }

    public void Send(SipMessage message, EndPoint to) => Send(SipSerializer.Serialize(message), to);

    public void Send(byte[] datagram, EndPoint to) => _socket.SendTo(datagram, SocketFlags.None, to);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
        _stopping.Dispose();
    }

    private async Task ReceiveAsync(Action<SipMessage, IPEndPoint> handle)
    {
        var buffer = new byte[65_536];
        var anyone = new IPEndPoint(IPAddress.Any, 0);
        while (!_stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, anyone, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                continue; // an ICMP port unreachable for something we sent
            }
            if (SipParser.Parse(buffer.AsSpan(0, received.ReceivedBytes), SipParserOptions.Default).Message is { } message)
            {
                handle(message, (IPEndPoint)received.RemoteEndPoint);
            }
        }
    }
}
