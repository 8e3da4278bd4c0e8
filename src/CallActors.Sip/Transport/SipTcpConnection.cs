using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using CallActors.Sip.Messages;

namespace CallActors.Sip.Transport;

/// <summary>Bytes queued for a TCP connection: a serialised message, or a keepalive pong (no message).</summary>
internal readonly record struct SipTcpWrite(SipMessage? Message, byte[] Bytes);

/// <summary>One TCP connection of <see cref="SipTransport"/>, accepted or opened by us. A read loop frames messages
/// (<see cref="SipStreamFramer"/>); a write loop drains a bounded queue, so a sender never waits on a slow peer and
/// two messages never interleave on the wire.</summary>
internal sealed class SipTcpConnection
{
    private static readonly byte[] Pong = "\r\n"u8.ToArray();

    /// <summary>After answering a stream we cannot frame, how long we keep reading (and discarding) so that closing
    /// does not reset the connection before the peer has read our answer.</summary>
    private static readonly TimeSpan LingerTimeout = TimeSpan.FromSeconds(2);

    private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: 8192, minimumReadSize: 2048, leaveOpen: true);

    private readonly SipTransport _owner;
    private readonly Channel<SipTcpWrite> _writes;
    private readonly CancellationTokenSource _aborted = new();
    private Socket? _socket;
    private long _lastActivity;
    private int _closing;
    private int _closed;

    private SipTcpConnection(SipTransport owner, IPEndPoint remote, IPEndPoint local, Socket? socket)
    {
        _owner = owner;
        _socket = socket;
        Remote = remote;
        SipRemote = new SipEndPoint(SipProtocol.Tcp, remote);
        Local = local;
        IsOpen = socket is not null;
        _writes = Channel.CreateBounded<SipTcpWrite>(new BoundedChannelOptions(owner.Options.MaxTcpWriteQueue)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _lastActivity = owner.Time.GetTimestamp();
    }

    public IPEndPoint Remote { get; }

    public SipEndPoint SipRemote { get; }

    /// <summary>Our end; for an outbound connection the listening endpoint until the connect completes.</summary>
    public IPEndPoint Local { get; private set; }

    /// <summary>True once connected (always for an accepted connection): it counts as opened.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>True once the connection takes no more writes (closing or closed).</summary>
    public bool IsClosing => Volatile.Read(ref _closing) != 0;

    /// <summary>The <see cref="TimeProvider"/> timestamp of the last byte read or written.</summary>
    public long LastActivity => Volatile.Read(ref _lastActivity);

    /// <summary>Completes when both loops have ended and the socket is closed.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public static SipTcpConnection Accepted(SipTransport owner, Socket socket) =>
        new(owner, (IPEndPoint)socket.RemoteEndPoint!, (IPEndPoint)socket.LocalEndPoint!, socket);

    /// <summary>A connection to <paramref name="remote"/> that connects when started; writes queue up meanwhile.</summary>
    public static SipTcpConnection Outbound(SipTransport owner, IPEndPoint remote, IPEndPoint listening) =>
        new(owner, remote, listening, socket: null);

    public void Start() => Completion = Task.Run(RunAsync);

    /// <summary>Queues bytes for the write loop; false when the queue is full or the connection is closing.</summary>
    public bool TryEnqueue(SipTcpWrite write) => _writes.Writer.TryWrite(write);

    /// <summary>Closes at once: queued writes are dropped (and reported), pending reads and writes end.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }
        StopWrites();
        _aborted.Cancel();
        var socket = Volatile.Read(ref _socket);
        if (socket is not null)
        {
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Not connected (any more): nothing to shut down.
            }
            socket.Dispose();
        }
        _owner.OnTcpConnectionClosed(this);
    }

    private async Task RunAsync()
    {
        try
        {
            var socket = _socket ?? await ConnectAsync().ConfigureAwait(false);
            if (socket is null)
            {
                return;
            }
            Touch();
            var writing = WriteLoopAsync(socket);
            var peerClosed = await ReadLoopAsync(socket).ConfigureAwait(false);
            StopWrites();
            await writing.ConfigureAwait(false);
            if (!peerClosed && Volatile.Read(ref _closed) == 0)
            {
                await LingerAsync(socket).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // Closed under us (idle sweep, dispose, reset): the finally below does the rest.
        }
        finally
        {
            Close();
            while (_writes.Reader.TryRead(out var unsent))
            {
                if (unsent.Message is not null)
                {
                    _owner.OnTcpWriteFailed(this, unsent, "connection closed before it was sent");
                }
            }
        }
    }

    private async Task<Socket?> ConnectAsync()
    {
        var socket = new Socket(Remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Volatile.Write(ref _socket, socket);
        if (Volatile.Read(ref _closed) != 0)
        {
            socket.Dispose();
            return null;
        }
        using var timeout = new CancellationTokenSource(_owner.Options.TcpConnectTimeout, _owner.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _aborted.Token);
        try
        {
            // Connect from our own address so the peer sees the same IP as in our Via (the port is ephemeral).
            if (_owner.BindIPAddress is { } bind && !SipTransport.IsWildcard(bind) && bind.AddressFamily == Remote.AddressFamily)
            {
                socket.Bind(new IPEndPoint(bind, 0));
            }
            await socket.ConnectAsync(Remote, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            var reason = timeout.IsCancellationRequested
                ? $"connect timed out after {_owner.Options.TcpConnectTimeout.TotalSeconds:0.#} s"
                : ex.Message;
            _owner.OnTcpConnectFailed(this, reason);
            return null;
        }
        Local = (IPEndPoint)socket.LocalEndPoint!;
        IsOpen = true;
        _owner.OnTcpConnected(this);
        return socket;
    }

    /// <summary>Frames and hands on messages until the peer closes (true) or the stream cannot be framed any more
    /// or the connection is aborted (false).</summary>
    private async Task<bool> ReadLoopAsync(Socket socket)
    {
        var maxMessageBytes = _owner.Options.Parser.MaxMessageBytes;
        var stream = new NetworkStream(socket, ownsSocket: false);
        await using var streamScope = stream.ConfigureAwait(false);
        var reader = PipeReader.Create(stream, ReaderOptions);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_aborted.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                Touch();
                var framed = true;
                while (framed && SipStreamFramer.TryRead(ref buffer, maxMessageBytes, out var frame))
                {
                    switch (frame.Kind)
                    {
                        case SipStreamFrameKind.Message:
                            _owner.OnTcpMessage(this, frame.Data);
                            break;
                        case SipStreamFrameKind.Ping:
                            _owner.Counters.AddKeepAlive();
                            _writes.Writer.TryWrite(new SipTcpWrite(null, Pong));
                            break;
                        default:
                            _owner.OnTcpInvalidFrame(this, frame);
                            framed = false;
                            break;
                    }
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (!framed)
                {
                    return false;
                }
                if (result.IsCompleted)
                {
                    return true;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Reset or aborted: nothing left to read or linger for.
            return true;
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync(Socket socket)
    {
        var reader = _writes.Reader;
        SipTcpWrite current = default;
        try
        {
            while (await reader.WaitToReadAsync(_aborted.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out current))
                {
                    var bytes = current.Bytes;
                    for (var sent = 0; sent < bytes.Length;)
                    {
                        sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, _aborted.Token).ConfigureAwait(false);
                    }
                    Touch();
                    if (current.Message is not null)
                    {
                        _owner.OnTcpWritten(this, current);
                    }
                    current = default;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            if (current.Message is not null)
            {
                _owner.OnTcpWriteFailed(this, current, ex is OperationCanceledException ? "connection closed while sending" : ex.Message);
            }
            // Half a message on the wire leaves the stream unframeable for the peer: give up the connection.
            Close();
        }
    }

    private async Task LingerAsync(Socket socket)
    {
        var discard = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            using var timeout = new CancellationTokenSource(LingerTimeout, _owner.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _aborted.Token);
            while (await socket.ReceiveAsync(discard, SocketFlags.None, linked.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Timed out or reset: close regardless.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(discard);
        }
    }

    private void StopWrites()
    {
        Volatile.Write(ref _closing, 1);
        _writes.Writer.TryComplete();
    }

    private void Touch() => Volatile.Write(ref _lastActivity, _owner.Time.GetTimestamp());
}
