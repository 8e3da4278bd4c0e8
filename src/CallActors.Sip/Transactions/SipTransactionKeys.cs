using System.Globalization;
using CallActors.Sip.Messages;

namespace CallActors.Sip.Transactions;

/// <summary>The strings transactions are found by (RFC 3261 §17.1.3, §17.2.3).</summary>
internal static class SipTransactionKeys
{
    /// <summary>A client transaction, and the responses to it: top Via branch + CSeq method.</summary>
    public static string ForClient(string branch, string method) => string.Concat(branch, "|", method);

    /// <summary>A server transaction: top Via branch + sent-by + method, where the caller maps ACK (and, to find the
    /// INVITE a CANCEL targets, CANCEL) to INVITE.</summary>
    public static string ForServer(SipRequest request, ViaHeader via, CSeqHeader cseq, string method)
    {
        var branch = via.Branch;
        if (branch is not null && branch.StartsWith(ViaHeader.MagicCookie, StringComparison.Ordinal))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{branch}|{via.Host.ToLowerInvariant()}:{via.Port}|{method}");
        }
        // An RFC 2543 peer: its branch (if any) need not be unique, so the request's identity stands in for it. The
        // To tag is left out because the ACK for a non-2xx carries our response's tag and the initial INVITE has none.
        return string.Create(
            CultureInfo.InvariantCulture,
            $"2543|{request.RequestUri}|{request.From?.Tag}|{request.CallId}|{cseq.Number}|{method}|{via.Transport} {via.Host.ToLowerInvariant()}:{via.Port};{branch}");
    }

    /// <summary>An INVITE server transaction in Accepted, as the ACK for its 2xx names it: Call-ID + CSeq number + To tag.</summary>
    public static string ForAccepted(string callId, uint cseqNumber, string toTag) =>
        string.Create(CultureInfo.InvariantCulture, $"{callId}|{cseqNumber}|{toTag}");
}
