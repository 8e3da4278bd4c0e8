using Microsoft.Extensions.Logging;

namespace CallActors.Sip.Transactions;

/// <summary>The transaction layer's log lines; each names the Call-ID.</summary>
internal sealed partial class SipTransactionLog(ILogger logger)
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Transaction {Key} timed out ({Reason}), Call-ID {CallId}")]
    public partial void TimedOut(string key, string reason, string callId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Stray response {StatusCode} to {CSeqMethod} matches no client transaction, Call-ID {CallId}")]
    public partial void StrayResponse(int statusCode, string cseqMethod, string callId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Response {StatusCode} not sent: transaction {Key} is {State}, Call-ID {CallId}")]
    public partial void LateResponseNotSent(int statusCode, string key, SipTransactionState state, string callId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Response {StatusCode} ignored by transaction {Key} in {State}, Call-ID {CallId}")]
    public partial void ResponseIgnored(int statusCode, string key, SipTransactionState state, string callId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Dropped a {Method} request without a usable Via or CSeq, Call-ID {CallId}")]
    public partial void RequestWithoutKey(string method, string callId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Dropped an ACK for transaction {Key}, which has sent no final response, Call-ID {CallId}")]
    public partial void EarlyAckDropped(string key, string callId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "The transaction user threw in {Callback}, Call-ID {CallId}")]
    public partial void UserFailed(string callback, string callId, Exception exception);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "Timer of transaction {Key} failed, Call-ID {CallId}")]
    public partial void TimerFailed(string key, string callId, Exception exception);
}
