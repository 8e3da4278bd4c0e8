using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace CallActors.Node.Admin;

/// <summary>The node's local admin socket (<c>DATA_DIR/callactors.sock</c>), which runs <c>callactors sup</c> requests through <see cref="IAdminCommands"/>.</summary>
public sealed partial class AdminSocketServer : IAsyncDisposable
{
    public const string SocketFileName = "callactors.sock";

    // sun_path is 108 bytes on Linux, the last of which ends the string.
    private const int MaxSocketPathBytes = 107;

    // getsockopt(SOL_SOCKET, SO_PEERCRED) fills a struct ucred { pid_t pid; uid_t uid; gid_t gid; } (Linux values).
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;
    private const int UcredBytes = 12;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _listener;
    private readonly string _socketPath;
    private readonly IAdminCommands _commands;
    private readonly ILogger<AdminSocketServer> _logger;
    private readonly uint? _ownUid;
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly CancellationTokenSource _abandonRequests = new();
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();
    private readonly Task _acceptLoop;
    private long _connections;
    private int _disposed;

    private AdminSocketServer(Socket listener, string socketPath, IAdminCommands commands, ILogger<AdminSocketServer> logger, uint? ownUid)
    {
        _listener = listener;
        _socketPath = socketPath;
        _commands = commands;
        _logger = logger;
        _ownUid = ownUid;
        _acceptLoop = Task.Run(AcceptAsync);
    }

    /// <summary>The admin socket of the node whose data dir is <paramref name="dataDir"/>.</summary>
    public static string SocketPath(string dataDir) => Path.Combine(Path.GetFullPath(dataDir), SocketFileName);

    /// <summary>
    /// Binds the socket (mode 0600) and starts accepting. A leftover socket file is replaced unless a node still
    /// answers on it, which throws; so does a path too long for a Unix socket.
    /// </summary>
    public static AdminSocketServer Start(string socketPath, IAdminCommands commands, ILogger<AdminSocketServer> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(logger);
        var path = Path.GetFullPath(socketPath);
        var endPoint = EndPointFor(path);
        var ownUid = OperatingSystem.IsLinux() ? EffectiveUid() : (uint?)null;
        if (RemoveStaleSocket(path, endPoint))
        {
            LogStaleSocketRemoved(logger, path);
        }

        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var bound = false;
        try
        {
            listener.Bind(endPoint);
            bound = true;

            // The mode is set before Listen because until then every connect() is refused: a socket that is not
            // listening answers ECONNREFUSED, so nobody can reach the node while the file still has the umask's mode.
            // What remains between Bind and this call is someone with write access to the data dir replacing or
            // removing the file, which only the data dir's own permissions prevent; the SO_PEERCRED check on each
            // connection is the second guard.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            listener.Listen();
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            // Another node bound the path between our probe and our Bind.
            listener.Dispose();
            throw new IOException(AlreadyRunning(path), ex);
        }
        catch
        {
            listener.Dispose();
            if (bound)
            {
                File.Delete(path);
            }

            throw;
        }

        LogListening(logger, path);
        return new AdminSocketServer(listener, path, commands, logger, ownUid);
    }

    /// <summary>Stops accepting, gives requests in flight a bounded time to answer, and deletes the socket file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopAccepting.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        _stopAccepting.Dispose();

        // Serving tasks catch everything, so WhenAll only ever ends by completing or by the time-out.
        var inFlight = _inFlight.Values.ToArray();
        try
        {
            await Task.WhenAll(inFlight).WaitAsync(DrainTimeout).ConfigureAwait(false);
            _abandonRequests.Dispose();
        }
        catch (TimeoutException)
        {
            // Told to stop, the stragglers close their own connections; the token source stays alive for them.
            LogRequestsAbandoned(_logger, inFlight.Count(t => !t.IsCompleted), DrainTimeout.TotalSeconds);
            await _abandonRequests.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            // Disposing the listener already unlinks the file on .NET; this does not rely on it.
            File.Delete(_socketPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogSocketNotDeleted(_logger, _socketPath, ex.Message);
        }
    }

    /// <summary>The endpoint for a socket path, or a <see cref="PathTooLongException"/> naming the path and the limit.</summary>
    internal static UnixDomainSocketEndPoint EndPointFor(string socketPath)
    {
        var length = Encoding.UTF8.GetByteCount(socketPath);
        return length > MaxSocketPathBytes
            ? throw new PathTooLongException(
                $"the admin socket path '{socketPath}' is {length} bytes long, over the {MaxSocketPathBytes}-byte limit of a Unix socket path; use a shorter data dir")
            : new UnixDomainSocketEndPoint(socketPath);
    }

    private static string AlreadyRunning(string socketPath) =>
        $"another node is already running with data dir {Path.GetDirectoryName(socketPath)} (it answers on {socketPath})";

    /// <summary>Deletes a socket file nobody answers on; true when there was one.</summary>
    private static bool RemoveStaleSocket(string socketPath, UnixDomainSocketEndPoint endPoint)
    {
        if (!File.Exists(socketPath))
        {
            return false;
        }

        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            // Non-blocking, so that a live node whose backlog is full cannot stall the start: Linux then answers
            // EAGAIN at once, and that node is just as much alive.
            probe.Blocking = false;
            try
            {
                probe.Connect(endPoint);
                throw new IOException(AlreadyRunning(socketPath));
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.TryAgain or SocketError.InProgress)
            {
                throw new IOException(AlreadyRunning(socketPath), ex);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable)
            {
                // Refused: the file outlived its node (killed, or it crashed). Not found: it went away meanwhile.
            }
            catch (SocketException ex)
            {
                throw new IOException($"cannot tell whether a node still answers on {socketPath}: {ex.Message}", ex);
            }
        }

        File.Delete(socketPath);
        return true;
    }

    /// <summary>This process's effective uid, which is what SO_PEERCRED reports for a peer.</summary>
    private static uint EffectiveUid()
    {
        // The runtime has no getuid(); /proc avoids a P/Invoke, and this check only runs on Linux anyway.
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                // Uid: real effective saved filesystem
                var fields = line["Uid:".Length..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                return uint.Parse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        throw new IOException("/proc/self/status has no Uid line; cannot check who connects to the admin socket");
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stopAccepting.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (_stopAccepting.IsCancellationRequested && ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // E.g. out of file descriptors: pause rather than spin, and keep serving once it passes.
                LogAcceptFailed(_logger, ex.SocketErrorCode, ex.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), _stopAccepting.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            var id = Interlocked.Increment(ref _connections);
            var serving = Task.Run(() => ServeAsync(connection));
            _inFlight[id] = serving;
            _ = serving.ContinueWith(done => _inFlight.TryRemove(id, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        using (connection)
        {
            try
            {
                if (await ReplyToAsync(connection).ConfigureAwait(false) is { } reply)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_abandonRequests.Token);
                    timeout.CancelAfter(ReplyTimeout);
                    var bytes = AdminProtocol.EncodeReply(reply);
                    while (!bytes.IsEmpty)
                    {
                        bytes = bytes[await connection.SendAsync(bytes, SocketFlags.None, timeout.Token).ConfigureAwait(false)..];
                    }
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                LogConnectionDropped(_logger, ex.Message);
            }
            catch (Exception ex)
            {
                // Last resort: nothing a connection does may take the server down or go unobserved.
                LogConnectionFailed(_logger, ex);
            }
        }
    }

    /// <summary>The reply for one connection, or null when the peer closed without asking anything.</summary>
    private async Task<AdminReply?> ReplyToAsync(Socket connection)
    {
        if (!IsPeerAllowed(connection, out var pid, out var uid))
        {
            LogPeerRefused(_logger, pid, uid, _ownUid ?? 0);
            return new AdminReply(AdminProtocol.ExitNoPermission, "permission denied");
        }

        AdminProtocol.Line line;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_abandonRequests.Token))
        {
            timeout.CancelAfter(RequestTimeout);
            try
            {
                line = await AdminProtocol.ReadLineAsync(connection, AdminProtocol.MaxRequestBytes, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!_abandonRequests.IsCancellationRequested)
            {
                return Malformed($"no request line within {RequestTimeout.TotalSeconds} s");
            }
        }

        if (line.Status == AdminProtocol.LineStatus.Closed)
        {
            return null;
        }

        if (line.Status == AdminProtocol.LineStatus.TooLong)
        {
            return Malformed($"the request line is longer than {AdminProtocol.MaxRequestBytes} bytes");
        }

        return AdminProtocol.TryDecodeRequest(line.Bytes, out var request, out var problem)
            ? await RunAsync(request).ConfigureAwait(false)
            : Malformed(problem);
    }

    private AdminReply Malformed(string problem)
    {
        LogMalformedRequest(_logger, problem);
        return new AdminReply(AdminProtocol.ExitUsage, $"malformed request: {problem}");
    }

    private async Task<AdminReply> RunAsync(AdminRequest request)
    {
        AdminReply reply;
        try
        {
            reply = await _commands.RunAsync(request, _abandonRequests.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogCommandFailed(_logger, request.Module, request.Function, ex);
            reply = new AdminReply(AdminProtocol.ExitSoftware, $"internal error: {ex.Message}");
        }

        // The output is never logged: it can hold a secret, such as a newly created API key.
        LogCommandRun(_logger, request.Module, request.Function, reply.ExitCode);
        return reply;
    }

    private bool IsPeerAllowed(Socket connection, out int pid, out uint uid)
    {
        pid = 0;
        uid = 0;
        if (_ownUid is not { } ownUid)
        {
            // Not Linux: the socket file's mode is the only guard.
            return true;
        }

        Span<byte> ucred = stackalloc byte[UcredBytes];
        try
        {
            if (connection.GetRawSocketOption(SolSocket, SoPeerCred, ucred) < UcredBytes)
            {
                return false;
            }
        }
        catch (SocketException)
        {
            return false;
        }

        pid = MemoryMarshal.Read<int>(ucred);
        uid = MemoryMarshal.Read<uint>(ucred[sizeof(int)..]);
        return uid == ownUid || uid == 0;
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Admin socket listening on {SocketPath}")]
    private static partial void LogListening(ILogger logger, string socketPath);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Admin socket replaced a stale socket file at {SocketPath}")]
    private static partial void LogStaleSocketRemoved(ILogger logger, string socketPath);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Admin command {Module} {Function} finished with exit code {ExitCode}")]
    private static partial void LogCommandRun(ILogger logger, string module, string function, int exitCode);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Error, Message = "Admin command {Module} {Function} failed")]
    private static partial void LogCommandFailed(ILogger logger, string module, string function, Exception exception);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Warning, Message = "Admin socket refused pid {Pid} uid {Uid}: neither the node's uid {OwnUid} nor root")]
    private static partial void LogPeerRefused(ILogger logger, int pid, uint uid, uint ownUid);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Warning, Message = "Admin socket got a malformed request: {Problem}")]
    private static partial void LogMalformedRequest(ILogger logger, string problem);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Debug, Message = "Admin connection dropped: {Reason}")]
    private static partial void LogConnectionDropped(ILogger logger, string reason);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Error, Message = "Admin connection failed")]
    private static partial void LogConnectionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1209, Level = LogLevel.Warning, Message = "Admin socket could not accept a connection ({Error}): {Reason}")]
    private static partial void LogAcceptFailed(ILogger logger, SocketError error, string reason);

    [LoggerMessage(EventId = 1210, Level = LogLevel.Warning, Message = "Admin socket stopped with {Count} requests still running after {Seconds} s; they were cancelled")]
    private static partial void LogRequestsAbandoned(ILogger logger, int count, double seconds);

    [LoggerMessage(EventId = 1211, Level = LogLevel.Warning, Message = "Admin socket file {SocketPath} could not be deleted: {Reason}")]
    private static partial void LogSocketNotDeleted(ILogger logger, string socketPath, string reason);
}
