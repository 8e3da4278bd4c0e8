using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Threading.Channels;
using CallActors.Sip.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallActors.Sip.Transport;

/// <summary>SIP over UDP and TCP on one address and port (RFC 3261 §18): parses what arrives, stamps requests'
/// top Via with <c>received</c>/<c>rport</c>, answers what cannot be parsed, and hands the rest to the sink through a
/// bounded queue; sends from the listening UDP socket or over a reused TCP connection.</summary>
public sealed partial class SipTransport : ISipTransport, IAsyncDisposable
{
    /// <summary>The System.Diagnostics.Metrics meter the transport reports to.</summary>
    public const string MeterName = SipTransportMetrics.MeterName;

    // Larger than any UDP payload (65,507 bytes), so a datagram is never truncated: the parser sees its real size.
    private const int UdpBufferSize = 65_536;
    private const int UdpSocketBufferBytes = 4 * 1024 * 1024;
    private const int ListenBacklog = 512;
    private const int EphemeralBindAttempts = 5;

    private const int StateNew = 0;
    private const int StateStarted = 1;
    private const int StateDisposed = 2;

    private readonly SipTransportOptions _options;
    private readonly ISipMessageSink _sink;
    private readonly ISipTraceSink? _trace;
    private readonly ILogger _logger;
    private readonly Channel<SipInbound> _inbound;
    private readonly ConcurrentDictionary<IPEndPoint, SipTcpConnection> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private readonly RateLimitedLog _rejectLog;
    private readonly RateLimitedLog _dropLog;
    private readonly RateLimitedLog _sendErrorLog;
    private readonly RateLimitedLog _socketErrorLog;
    private readonly RateLimitedLog _connectionLimitLog;
    private readonly RateLimitedLog _traceErrorLog;
    private Socket? _udp;
    private Socket? _listener;
    private IPEndPoint? _udpEndPoint;
    private IPEndPoint? _tcpEndPoint;
    private ITimer? _idleSweep;
    private int _tcpConnectionCount;
    private int _state;

    public SipTransport(SipTransportOptions options, ISipMessageSink sink, ISipTraceSink? trace, TimeProvider time, ILogger<SipTransport>? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _options = options;
        _sink = sink;
        _trace = trace;
        Time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        BindIPAddress = IPAddress.Parse(options.BindAddress);
        AdvertisedHost = ChooseAdvertisedHost();
        AdvertisedPort = options.Port;
        _inbound = Channel.CreateBounded<SipInbound>(new BoundedChannelOptions(options.ReceiveQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _rejectLog = new RateLimitedLog(time);
        _dropLog = new RateLimitedLog(time);
        _sendErrorLog = new RateLimitedLog(time);
        _socketErrorLog = new RateLimitedLog(time);
        _connectionLimitLog = new RateLimitedLog(time);
        _traceErrorLog = new RateLimitedLog(time);
    }

    /// <summary>The bound UDP endpoint (after <see cref="StartAsync"/>).</summary>
    public IPEndPoint UdpEndPoint =>
        _udpEndPoint ?? throw new InvalidOperationException(_options.EnableUdp ? "The SIP transport is not started." : "UDP is disabled.");

    /// <summary>The bound TCP endpoint (after <see cref="StartAsync"/>).</summary>
    public IPEndPoint TcpEndPoint =>
        _tcpEndPoint ?? throw new InvalidOperationException(_options.EnableTcp ? "The SIP transport is not started." : "TCP is disabled.");

    public string AdvertisedHost { get; }

    /// <summary>The bound port once started (the configured one before, 0 for an ephemeral port).</summary>
    public int AdvertisedPort { get; private set; }

    public SipTransportCounters Counters { get; } = new();

    internal SipTransportOptions Options => _options;

    internal TimeProvider Time { get; }

    internal IPAddress BindIPAddress { get; }

    /// <summary>Binds UDP and TCP and starts the loops. Fails with an <see cref="IOException"/> naming the protocol
    /// and address when a socket cannot be bound (address in use, address not on this machine).</summary>
    public Task StartAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (Interlocked.CompareExchange(ref _state, StateStarted, StateNew) != StateNew)
        {
            throw new InvalidOperationException("The SIP transport was already started (or disposed).");
        }
        try
        {
            Bind();
        }
        catch (IOException ex)
        {
            return Task.FromException(ex);
        }

        var stopping = _stopping.Token;
        _loops.Add(Task.Run(() => ConsumeAsync(stopping), CancellationToken.None));
        var listeners = new List<string>(2);
        if (_udp is { } udp)
        {
            _udpEndPoint = (IPEndPoint)udp.LocalEndPoint!;
            AdvertisedPort = _udpEndPoint.Port;
            listeners.Add(new SipEndPoint(SipProtocol.Udp, _udpEndPoint).ToString());
            _loops.Add(Task.Run(() => ReceiveUdpAsync(udp, stopping), CancellationToken.None));
        }
        if (_listener is { } listener)
        {
            _tcpEndPoint = (IPEndPoint)listener.LocalEndPoint!;
            AdvertisedPort = _tcpEndPoint.Port;
            listeners.Add(new SipEndPoint(SipProtocol.Tcp, _tcpEndPoint).ToString());
            _loops.Add(Task.Run(() => AcceptTcpAsync(listener, stopping), CancellationToken.None));
            var sweep = IdleSweepInterval(_options.TcpIdleTimeout);
            _idleSweep = Time.CreateTimer(static state => ((SipTransport)state!).CloseIdleConnections(), this, sweep, sweep);
        }
        LogListening(_logger, string.Join(" and ", listeners), AdvertisedHost, AdvertisedPort);
        return Task.CompletedTask;
    }

    public void Send(SipMessage message, SipEndPoint destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(destination.EndPoint);
        var bytes = SipSerializer.Serialize(message);
        if (destination.Protocol == SipProtocol.Udp)
        {
            SendUdp(message, bytes, destination);
        }
        else
        {
            SendTcp(message, bytes, destination);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, StateDisposed) == StateDisposed)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        _idleSweep?.Dispose();
        _udp?.Dispose();
        _listener?.Dispose();
        var closing = new List<Task>(_loops);
        foreach (var connection in _connections.Values)
        {
            connection.Close();
            closing.Add(connection.Completion);
        }
        _inbound.Writer.TryComplete();
        try
        {
            await Task.WhenAll(closing).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The loops end by these when their sockets close under them.
        }
        _stopping.Dispose();
    }

    internal static bool IsWildcard(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    private static TimeSpan IdleSweepInterval(TimeSpan idleTimeout)
    {
        // A connection closes between idle and idle + a quarter of it.
        var quarter = idleTimeout / 4;
        return quarter < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50)
            : quarter > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30)
            : quarter;
    }

    // ---- receiving (shared by UDP and TCP) ----

    /// <summary>Parses one datagram or framed stream message and hands it on; answers it statelessly when it is a
    /// request we cannot accept.</summary>
    private void OnReceived(ReadOnlySpan<byte> raw, SipFraming framing, SipEndPoint remote, IPEndPoint local)
    {
        var result = SipParser.Parse(raw, _options.Parser, framing);
        if (result.IsKeepAlive)
        {
            Counters.AddKeepAlive();
            return;
        }
        var now = Time.GetUtcNow();
        if (result.Message is not { } message)
        {
            Reject(raw, result.PartialRequest, result.RejectStatusCode, result.Error ?? "Bad Request", remote, local, now);
            return;
        }
        if (message is SipRequest request)
        {
            SipViaStamping.Stamp(request, remote.EndPoint);
        }
        Counters.AddReceived(remote.Protocol);
        SipTransportMetrics.AddMessage(message, sent: false);
        Trace(SipTraceDirection.Received, message, raw, remote, local, now);
        if (!_inbound.Writer.TryWrite(new SipInbound(message, remote, local, now)))
        {
            Counters.AddDropped(remote.Protocol);
            if (_dropLog.TryEnter(out var suppressed))
            {
                LogDropped(_logger, message.StartLine, remote, message.CallId, _options.ReceiveQueueCapacity, suppressed);
            }
        }
    }

    /// <summary>Counts and logs a message we will not hand on, and answers it when it is a request (not an ACK) whose
    /// Via, From, To, Call-ID and CSeq could be read.</summary>
    private void Reject(ReadOnlySpan<byte> raw, SipRequest? request, int statusCode, string error, SipEndPoint remote, IPEndPoint local, DateTimeOffset now)
    {
        Counters.AddRejected(remote.Protocol);
        if (_rejectLog.TryEnter(out var suppressed))
        {
            LogRejected(_logger, remote, request?.CallId, SipErrorText.Sanitize(error), suppressed);
        }
        if (request is null || request.Method == SipMethods.Ack || statusCode < 300)
        {
            return;
        }
        SipViaStamping.Stamp(request, remote.EndPoint);
        Trace(SipTraceDirection.Received, request, raw, remote, local, now);
        var response = SipResponse.CreateFor(request, statusCode, SipErrorText.Sanitize(error));
        Send(response, SipResponseRouting.DestinationFor(new SipInbound(request, remote, local, now)));
    }

    private async Task ConsumeAsync(CancellationToken ct)
    {
        var reader = _inbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (reader.TryRead(out var inbound))
                {
                    try
                    {
                        _sink.OnMessage(inbound);
                    }
#pragma warning disable CA1031 // A faulty sink must not stop delivery of every later message.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        LogSinkFailed(_logger, ex, inbound.Message.StartLine, inbound.Remote, inbound.Message.CallId);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    private void Trace(SipTraceDirection direction, SipMessage message, ReadOnlySpan<byte> raw, SipEndPoint remote, IPEndPoint local, DateTimeOffset timestamp)
    {
        if (_trace is null)
        {
            return;
        }
        try
        {
            _trace.OnTrace(new SipTraceRecord(direction, message, raw.ToArray(), remote, local, timestamp));
        }
#pragma warning disable CA1031 // A faulty trace sink must cost us the trace, not the message.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (_traceErrorLog.TryEnter(out var suppressed))
            {
                LogTraceFailed(_logger, ex, suppressed);
            }
        }
    }

    // ---- UDP ----

    private async Task ReceiveUdpAsync(Socket socket, CancellationToken ct)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(UdpBufferSize, pinned: true);
        var wildcard = IsWildcard(BindIPAddress);
        var sourceAddress = new SocketAddress(socket.AddressFamily);
        var sources = new SocketAddressCache(socket.AddressFamily);
        var anySource = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        var localEndPoints = new Dictionary<IPAddress, IPEndPoint>();
        var bound = _udpEndPoint!;
        while (!ct.IsCancellationRequested)
        {
            int length;
            IPEndPoint remote;
            var local = bound;
            try
            {
                if (wildcard)
                {
                    // Bound to every interface: ask which address the datagram came to, for SipInbound.Local.
                    var received = await socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, anySource, ct).ConfigureAwait(false);
                    length = received.ReceivedBytes;
                    remote = (IPEndPoint)received.RemoteEndPoint;
                    local = LocalEndPointFor(localEndPoints, received.PacketInformation.Address, bound);
                }
                else
                {
                    length = await socket.ReceiveFromAsync(buffer, SocketFlags.None, sourceAddress, ct).ConfigureAwait(false);
                    remote = sources.Get(sourceAddress);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // ICMP errors for earlier sends surface here on some platforms; the socket is still good.
                if (_socketErrorLog.TryEnter(out var suppressed))
                {
                    LogSocketError(_logger, "udp receive", ex.SocketErrorCode.ToString(), suppressed);
                }
                continue;
            }
            ReceiveSafely(buffer.AsSpan(0, length), SipFraming.Datagram, new SipEndPoint(SipProtocol.Udp, remote), local);
        }
    }

    private static IPEndPoint LocalEndPointFor(Dictionary<IPAddress, IPEndPoint> cache, IPAddress? address, IPEndPoint bound)
    {
        if (address is null || IsWildcard(address))
        {
            return bound;
        }
        if (!cache.TryGetValue(address, out var local))
        {
            local = new IPEndPoint(address, bound.Port);
            if (cache.Count < 256)
            {
                cache[address] = local;
            }
        }
        return local;
    }

    /// <summary>Runs <see cref="OnReceived"/> so that nothing one message does can end a socket loop.</summary>
    private void ReceiveSafely(ReadOnlySpan<byte> raw, SipFraming framing, SipEndPoint remote, IPEndPoint local)
    {
        try
        {
            OnReceived(raw, framing, remote, local);
        }
#pragma warning disable CA1031 // The socket loop must survive any one message (a parser bug, a throwing trace sink).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Counters.AddRejected(remote.Protocol);
            if (_rejectLog.TryEnter(out var suppressed))
            {
                LogReceiveFailed(_logger, ex, remote, suppressed);
            }
        }
    }

    private void SendUdp(SipMessage message, byte[] bytes, SipEndPoint destination)
    {
        var socket = _udp;
        if (socket is null || Volatile.Read(ref _state) != StateStarted)
        {
            SendFailed(message, destination, _options.EnableUdp ? "the transport is not running" : "UDP is disabled");
            return;
        }
        // Traced before the bytes leave: on loopback the answer can be received (and traced) before SendTo returns,
        // and the dialogue must show the request first. A failed send is logged and counted below.
        Trace(SipTraceDirection.Sent, message, bytes, destination, _udpEndPoint!, Time.GetUtcNow());
        try
        {
            socket.SendTo(bytes, SocketFlags.None, destination.EndPoint);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or ArgumentException)
        {
            SendFailed(message, destination, ex.Message);
            return;
        }
        Counters.AddSent(SipProtocol.Udp);
        SipTransportMetrics.AddMessage(message, sent: true);
    }

    private void SendFailed(SipMessage message, SipEndPoint destination, string reason)
    {
        Counters.AddSendError(destination.Protocol);
        if (_sendErrorLog.TryEnter(out var suppressed))
        {
            LogSendFailed(_logger, message.StartLine, destination, message.CallId, reason, suppressed);
        }
    }

    // ---- TCP ----

    private async Task AcceptTcpAsync(Socket listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                if (_socketErrorLog.TryEnter(out var suppressed))
                {
                    LogSocketError(_logger, "tcp accept", ex.SocketErrorCode.ToString(), suppressed);
                }
                continue;
            }
            Adopt(socket);
        }
    }

    /// <summary>Turns an accepted socket into a connection, or closes it at the connection limit.</summary>
    private void Adopt(Socket socket)
    {
        if (!TryReserveConnection())
        {
            Counters.AddTcpConnectionRefused();
            if (_connectionLimitLog.TryEnter(out var suppressed))
            {
                LogConnectionLimit(_logger, _options.MaxTcpConnections, suppressed);
            }
            socket.Dispose();
            return;
        }
        SipTcpConnection connection;
        try
        {
            socket.NoDelay = true;
            connection = SipTcpConnection.Accepted(this, socket);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Reset between accept and here: nothing to serve.
            Interlocked.Decrement(ref _tcpConnectionCount);
            socket.Dispose();
            return;
        }
        _connections[connection.Remote] = connection;
        Counters.AddTcpConnectionOpened();
        LogConnectionOpened(_logger, "accepted", connection.SipRemote, connection.Local);
        connection.Start();
    }

    private void SendTcp(SipMessage message, byte[] bytes, SipEndPoint destination)
    {
        if (_listener is null || Volatile.Read(ref _state) != StateStarted)
        {
            SendFailed(message, destination, _options.EnableTcp ? "the transport is not running" : "TCP is disabled");
            return;
        }
        var write = new SipTcpWrite(message, bytes);
        // Twice at most: a connection found closing is replaced by a new one to the same endpoint.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var connection = _connections.TryGetValue(destination.EndPoint, out var existing) ? existing : OpenConnection(destination.EndPoint);
            if (connection is null)
            {
                SendFailed(message, destination, $"{_options.MaxTcpConnections} TCP connections are open");
                return;
            }
            // Traced when queued, not when written, for the same reason as UDP: the request must be in the dialogue
            // before its answer can be.
            if (attempt == 0)
            {
                Trace(SipTraceDirection.Sent, message, bytes, destination, connection.Local, Time.GetUtcNow());
            }
            if (connection.TryEnqueue(write))
            {
                return;
            }
            if (!connection.IsClosing)
            {
                SendFailed(message, destination, $"{_options.MaxTcpWriteQueue} messages are already queued for the connection");
                return;
            }
            _connections.TryRemove(KeyValuePair.Create(destination.EndPoint, connection));
        }
        SendFailed(message, destination, "the connection is closing");
    }

    /// <summary>An outbound connection to <paramref name="remote"/> (connecting in the background), or the one another
    /// sender just opened; null at the connection limit.</summary>
    private SipTcpConnection? OpenConnection(IPEndPoint remote)
    {
        var created = SipTcpConnection.Outbound(this, remote, _tcpEndPoint!);
        var connection = _connections.GetOrAdd(remote, created);
        if (!ReferenceEquals(connection, created))
        {
            return connection;
        }
        if (!TryReserveConnection())
        {
            _connections.TryRemove(KeyValuePair.Create(remote, created));
            Counters.AddTcpConnectionRefused();
            return null;
        }
        created.Start();
        return created;
    }

    private bool TryReserveConnection()
    {
        if (Interlocked.Increment(ref _tcpConnectionCount) <= _options.MaxTcpConnections && Volatile.Read(ref _state) == StateStarted)
        {
            return true;
        }
        Interlocked.Decrement(ref _tcpConnectionCount);
        return false;
    }

    internal void OnTcpConnected(SipTcpConnection connection)
    {
        Counters.AddTcpConnectionOpened();
        LogConnectionOpened(_logger, "connected", connection.SipRemote, connection.Local);
    }

    internal void OnTcpConnectFailed(SipTcpConnection connection, string reason)
    {
        if (_sendErrorLog.TryEnter(out var suppressed))
        {
            LogConnectFailed(_logger, connection.SipRemote, reason, suppressed);
        }
    }

    internal void OnTcpConnectionClosed(SipTcpConnection connection)
    {
        _connections.TryRemove(KeyValuePair.Create(connection.Remote, connection));
        Interlocked.Decrement(ref _tcpConnectionCount);
        if (connection.IsOpen)
        {
            Counters.AddTcpConnectionClosed();
            LogConnectionClosed(_logger, connection.SipRemote);
        }
    }

    internal void OnTcpMessage(SipTcpConnection connection, ReadOnlySequence<byte> frame)
    {
        if (frame.IsSingleSegment)
        {
            ReceiveSafely(frame.FirstSpan, SipFraming.Stream, connection.SipRemote, connection.Local);
            return;
        }
        var length = (int)frame.Length;
        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            frame.CopyTo(copy);
            ReceiveSafely(copy.AsSpan(0, length), SipFraming.Stream, connection.SipRemote, connection.Local);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>A stream we cannot frame any further: answer the request in its header block if it has one (the
    /// connection then closes).</summary>
    internal void OnTcpInvalidFrame(SipTcpConnection connection, SipStreamFrame frame)
    {
        var raw = frame.Data.ToArray();
        try
        {
            SipRequest? request = null;
            if (raw.Length > 0)
            {
                // The header block parsed as a datagram gives us the request to answer: its Via, From, To, Call-ID, CSeq.
                var headers = SipParser.Parse(raw, _options.Parser, SipFraming.Datagram);
                request = headers.Message as SipRequest ?? headers.PartialRequest;
            }
            Reject(raw, request, frame.RejectStatusCode, frame.Error ?? "Bad Request", connection.SipRemote, connection.Local, Time.GetUtcNow());
        }
#pragma warning disable CA1031 // The connection closes anyway; a failure to answer must not escape its read loop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (_rejectLog.TryEnter(out var suppressed))
            {
                LogReceiveFailed(_logger, ex, connection.SipRemote, suppressed);
            }
        }
    }

    internal void OnTcpWritten(SipTcpConnection connection, SipTcpWrite write)
    {
        Counters.AddSent(SipProtocol.Tcp);
        SipTransportMetrics.AddMessage(write.Message!, sent: true);
    }

    internal void OnTcpWriteFailed(SipTcpConnection connection, SipTcpWrite write, string reason) =>
        SendFailed(write.Message!, connection.SipRemote, reason);

    private void CloseIdleConnections()
    {
        foreach (var connection in _connections.Values)
        {
            var idle = Time.GetElapsedTime(connection.LastActivity);
            if (idle >= _options.TcpIdleTimeout)
            {
                LogIdleClose(_logger, connection.SipRemote, idle.TotalSeconds);
                connection.Close();
            }
        }
    }

    // ---- binding ----

    private void Bind()
    {
        for (var attempt = 1; ; attempt++)
        {
            Socket? udp = null;
            try
            {
                if (_options.EnableUdp)
                {
                    udp = Open(SipProtocol.Udp, _options.Port);
                }
                // TCP takes the port UDP got, so that one number serves both (a Via names one port).
                var port = udp is null ? _options.Port : ((IPEndPoint)udp.LocalEndPoint!).Port;
                var listener = _options.EnableTcp ? Open(SipProtocol.Tcp, port) : null;
                _udp = udp;
                _listener = listener;
                return;
            }
            catch (IOException) when (udp is not null && _options.Port == 0 && attempt < EphemeralBindAttempts)
            {
                // The ephemeral UDP port's TCP twin is taken: try another port.
                udp.Dispose();
            }
            catch
            {
                udp?.Dispose();
                throw;
            }
        }
    }

    private Socket Open(SipProtocol protocol, int port)
    {
        var endPoint = new IPEndPoint(BindIPAddress, port);
        var socket = protocol == SipProtocol.Udp
            ? new Socket(BindIPAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
            : new Socket(BindIPAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (protocol == SipProtocol.Udp)
            {
                // Bursts (a registration storm, a benchmark) queue in the kernel instead of being dropped there.
                socket.ReceiveBufferSize = UdpSocketBufferBytes;
                socket.SendBufferSize = UdpSocketBufferBytes;
                if (OperatingSystem.IsWindows())
                {
                    // SIO_UDP_CONNRESET off: an ICMP port-unreachable must not fail the next receive.
                    socket.IOControl(unchecked((int)0x9800000C), [0, 0, 0, 0], null);
                }
                if (IsWildcard(BindIPAddress))
                {
                    socket.SetSocketOption(
                        BindIPAddress.AddressFamily == AddressFamily.InterNetworkV6 ? SocketOptionLevel.IPv6 : SocketOptionLevel.IP,
                        SocketOptionName.PacketInformation,
                        true);
                }
            }
            socket.Bind(endPoint);
            if (protocol == SipProtocol.Tcp)
            {
                socket.Listen(ListenBacklog);
            }
            return socket;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new IOException($"Cannot listen for SIP on {new SipEndPoint(protocol, endPoint)}: {Describe(ex)}", ex);
        }
    }

    private static string Describe(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => "the address is already in use (another process or transport is bound to it)",
        SocketError.AddressNotAvailable => "the address does not belong to this machine",
        SocketError.AccessDenied => "permission denied (ports below 1024 need privileges)",
        _ => ex.Message,
    };

    private string ChooseAdvertisedHost()
    {
        if (_options.AdvertisedAddress is { } configured)
        {
            return HostLiteral(configured);
        }
        if (!IsWildcard(BindIPAddress))
        {
            return HostLiteral(BindIPAddress.ToString());
        }
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus != OperationalStatus.Down && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        if (address is null)
        {
            LogNoAdvertisableAddress(_logger, _options.BindAddress);
            return IPAddress.Loopback.ToString();
        }
        return address.ToString();
    }

    /// <summary>An IPv6 literal goes in brackets in Via and Contact (RFC 3261 §25.1 hostport).</summary>
    private static string HostLiteral(string host) =>
        IPAddress.TryParse(host, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6 && !host.StartsWith('[')
            ? $"[{host}]"
            : host;

    // ---- logging ----

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "SIP listening on {Listeners}, advertised as {AdvertisedHost}:{AdvertisedPort}")]
    private static partial void LogListening(ILogger logger, string listeners, string advertisedHost, int advertisedPort);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Rejected a SIP message from {Remote} (call {CallId}): {Error} ({Suppressed} more rejected since the last warning)")]
    private static partial void LogRejected(ILogger logger, SipEndPoint remote, string? callId, string error, long suppressed);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Receive queue full ({Capacity}): dropped {StartLine} from {Remote} (call {CallId}) ({Suppressed} more dropped since the last warning)")]
    private static partial void LogDropped(ILogger logger, string startLine, SipEndPoint remote, string? callId, int capacity, long suppressed);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Could not send {StartLine} to {Destination} (call {CallId}): {Reason} ({Suppressed} more send errors since the last warning)")]
    private static partial void LogSendFailed(ILogger logger, string startLine, SipEndPoint destination, string? callId, string reason, long suppressed);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "The SIP message sink threw on {StartLine} from {Remote} (call {CallId})")]
    private static partial void LogSinkFailed(ILogger logger, Exception exception, string startLine, SipEndPoint remote, string? callId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Handling a SIP message from {Remote} failed ({Suppressed} more rejected since the last warning)")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception, SipEndPoint remote, long suppressed);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "SIP {Operation} failed: {Error} ({Suppressed} more since the last warning)")]
    private static partial void LogSocketError(ILogger logger, string operation, string error, long suppressed);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Refused a TCP connection: {Limit} connections are open ({Suppressed} more refused since the last warning)")]
    private static partial void LogConnectionLimit(ILogger logger, int limit, long suppressed);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "SIP TCP connection {Direction}: {Remote} (local {Local})")]
    private static partial void LogConnectionOpened(ILogger logger, string direction, SipEndPoint remote, IPEndPoint local);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "SIP TCP connection closed: {Remote}")]
    private static partial void LogConnectionClosed(ILogger logger, SipEndPoint remote);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Closing SIP TCP connection {Remote}: idle for {IdleSeconds:0.#} s")]
    private static partial void LogIdleClose(ILogger logger, SipEndPoint remote, double idleSeconds);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Could not connect to {Remote}: {Reason} ({Suppressed} more send errors since the last warning)")]
    private static partial void LogConnectFailed(ILogger logger, SipEndPoint remote, string reason, long suppressed);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "The SIP trace sink threw ({Suppressed} more since the last warning)")]
    private static partial void LogTraceFailed(ILogger logger, Exception exception, long suppressed);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Bound to {BindAddress} but found no non-loopback IPv4 address to advertise; advertising 127.0.0.1 (set AdvertisedAddress)")]
    private static partial void LogNoAdvertisableAddress(ILogger logger, string bindAddress);
}
