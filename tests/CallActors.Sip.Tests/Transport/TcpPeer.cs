using CallActors.TestKit;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace CallActors.Sip.Tests.Transport;

/// <summary>The far end of a TCP connection: writes raw bytes and reads back whole SIP messages.</summary>
internal sealed partial class TcpPeer : IDisposable
{
    private readonly Socket _socket;
    private readonly List<byte> _received = [];
    private bool _closed;

    private TcpPeer(Socket socket) => _socket = socket;

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public IPEndPoint RemoteEndPoint => (IPEndPoint)_socket.RemoteEndPoint!;

    public static async Task<TcpPeer> ConnectAsync(string localAddress, IPEndPoint server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
        await socket.ConnectAsync(server);
        return new TcpPeer(socket);
    }

    public static TcpPeer FromAccepted(Socket socket)
    {
        socket.NoDelay = true;
        return new TcpPeer(socket);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        for (var sent = 0; sent < bytes.Length;)
        {
            sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None);
        }
    }

    /// <summary>The next whole SIP message (headers and Content-Length bytes of body).</summary>
    public async Task<string> ReceiveMessageAsync()
    {
        using var deadline = new CancellationTokenSource(Poll.DefaultTimeout);
        while (true)
        {
            var text = Encoding.UTF8.GetString([.. _received]);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var match = ContentLength().Match(text[..end]);
                var total = end + 4 + (match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0);
                if (Encoding.UTF8.GetByteCount(text) >= total)
                {
                    var message = text[..total];
                    _received.RemoveRange(0, Encoding.UTF8.GetByteCount(message));
                    return message;
                }
            }
            if (!await ReadMoreAsync(deadline.Token))
            {
                Assert.Fail($"The connection closed before a whole message arrived; got: {text}");
            }
        }
    }

    /// <summary>Exactly <paramref name="count"/> bytes.</summary>
    public async Task<byte[]> ReceiveBytesAsync(int count)
    {
        using var deadline = new CancellationTokenSource(Poll.DefaultTimeout);
        while (_received.Count < count)
        {
            if (!await ReadMoreAsync(deadline.Token))
            {
                Assert.Fail($"The connection closed after {_received.Count} of {count} bytes.");
            }
        }
        var bytes = _received.Take(count).ToArray();
        _received.RemoveRange(0, count);
        return bytes;
    }

    /// <summary>Reads until the other side closes; returns what arrived before the close.</summary>
    public async Task<string> ReceiveUntilClosedAsync()
    {
        using var deadline = new CancellationTokenSource(Poll.DefaultTimeout);
        while (!_closed)
        {
            await ReadMoreAsync(deadline.Token);
        }
        return Encoding.UTF8.GetString([.. _received]);
    }

    public void Dispose() => _socket.Dispose();

    private async Task<bool> ReadMoreAsync(CancellationToken ct)
    {
        if (_closed)
        {
            return false;
        }
        var buffer = new byte[8192];
        int read;
        try
        {
            read = await _socket.ReceiveAsync(buffer, SocketFlags.None, ct);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Nothing more arrived on {LocalEndPoint} within {Poll.DefaultTimeout.TotalSeconds} s.");
            throw;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            read = 0;
        }
        if (read == 0)
        {
            _closed = true;
            return false;
        }
        _received.AddRange(buffer.AsSpan(0, read).ToArray());
        return true;
    }

    [GeneratedRegex(@"(?im)^(?:Content-Length|l)[ \t]*:[ \t]*(\d+)")]
    private static partial Regex ContentLength();
}
