using CallActors.Sip.Messages;

namespace CallActors.Sip.Dialogs;

/// <summary>The key of a dialog (RFC 3261 §12): Call-ID, local tag, remote tag (empty while unknown, or for a peer that
/// sends no From tag).</summary>
public readonly record struct SipDialogId(string CallId, string LocalTag, string RemoteTag)
{
    /// <summary>The id of the dialog a request we received belongs to: our tag is in To, the peer's in From.</summary>
    public static SipDialogId? ForReceivedRequest(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.CallId is { } callId && request.To?.Tag is { } localTag
            ? new SipDialogId(callId, localTag, request.From?.Tag ?? string.Empty)
            : null;
    }

    /// <summary>The id of the dialog a response to our request belongs to: our tag is in From, the peer's in To.</summary>
    public static SipDialogId? ForReceivedResponse(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.CallId is { } callId && response.From?.Tag is { } localTag
            ? new SipDialogId(callId, localTag, response.To?.Tag ?? string.Empty)
            : null;
    }
}
