using CallActors.Actors;
using CallActors.Sip.Transactions;
using CallActors.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace CallActors.Calls;

/// <summary>The bridge from the SIP stack's threads into the actors: every transaction-user callback and every traced
/// message becomes a message to the calls directory, in the order the stack produced them.</summary>
public sealed partial class SipCallDispatcher : ISipTransactionUser, ISipTraceSink
{
    private readonly ILogger _logger;
    private readonly RateLimitedLog _strayLog;
    private IActorRef _directory = ActorRefs.Nobody;

    public SipCallDispatcher(ILogger<SipCallDispatcher> logger, TimeProvider time)
    {
        _logger = logger;
        _strayLog = new RateLimitedLog(time);
    }

    /// <summary>Set once the directory actor exists (the stack is built before it).</summary>
    public void Attach(IActorRef directory) => _directory = directory;

    public void OnRequest(SipServerTransaction transaction) => _directory.Tell(new SipRequestArrived(transaction));

    public void OnAck(SipInbound ack, SipServerTransaction? invite) => _directory.Tell(new SipAckArrived(ack, invite));

    public void OnResponse(SipClientTransaction transaction, SipInbound response) => _directory.Tell(new SipResponseArrived(transaction, response));

    public void OnTimeout(SipTransaction transaction) => _directory.Tell(new SipTransactionTimedOut(transaction));

    public void OnStrayResponse(SipInbound response)
    {
        // Late retransmissions after a transaction ended are normal; a line a second is enough.
        if (_strayLog.TryEnter(out var suppressed))
        {
            LogStray(_logger, response.Message.StartLine, response.Message.CallId ?? "?", response.Remote.Address, suppressed);
        }
    }

    public void OnTrace(SipTraceRecord record) => _directory.Tell(new SipMessageTraced(record));

    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "Stray response '{StartLine}' (Call-ID {CallId}) from {Remote}: no transaction ({Suppressed} more since the last line)")]
    private static partial void LogStray(ILogger logger, string startLine, string callId, string remote, long suppressed);
}
