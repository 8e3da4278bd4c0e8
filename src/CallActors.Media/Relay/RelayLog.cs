using System.Net;
using Microsoft.Extensions.Logging;

namespace CallActors.Media.Relay;

/// <summary>The relay's log lines; each one about a session names it (the call id).</summary>
internal static partial class RelayLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Relay session {Session}: caller on {CallerRtp}, callee on {CalleeRtp}, worker {Worker}")]
    public static partial void SessionOpened(ILogger logger, string session, IPEndPoint callerRtp, IPEndPoint calleeRtp, int worker);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Relay session {Session} closed: caller {Caller}, callee {Callee}")]
    public static partial void SessionClosed(ILogger logger, string session, RelayLegCounters caller, RelayLegCounters callee);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Relay session {Session}: the packet observer threw in {Callback}; the packet was relayed anyway ({Suppressed} more since the last warning)")]
    public static partial void ObserverFailed(ILogger logger, Exception exception, string session, string callback, long suppressed);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Error, Message = "Relay worker {Worker}: reading a socket failed ({Suppressed} more since the last error)")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception, int worker, long suppressed);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Error, Message = "Relay session {Session}: epoll refused its sockets ({Error}); the session is closed")]
    public static partial void WatchFailed(ILogger logger, string session, string error);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Critical, Message = "Relay worker {Worker} stopped: epoll failed; its {Sessions} sessions are closed")]
    public static partial void WorkerFailed(ILogger logger, Exception exception, int worker, int sessions);
}
