using CallActors.Calls.Media;
using CallActors.Calls.Status;
using CallActors.Media.Monitoring;
using CallActors.Sip.Messages;

namespace CallActors.Calls.ReadModel;

/// <summary>The calls read model's rules: a pure function from a call's summary and one of its events to the next
/// summary.</summary>
public static class CallSummaryProjection
{
    /// <summary>The direction of every call the B2BUA received.</summary>
    public const string Incoming = "incoming";

    /// <summary>The summary after one event. <see cref="CallStarted"/> creates it (a call starts once: on a summary
    /// that exists already it changes nothing); any other event of a call without a summary yields null, and an event
    /// of a type the read model does not show returns <paramref name="current"/> itself.</summary>
    /// <param name="current">The call's summary before the event, or null.</param>
    /// <param name="event">One of the call's events (<see cref="CallStarted"/>, <see cref="SipMessagesRecorded"/>…).</param>
    /// <param name="eventTime">When the journal recorded the event; it becomes <see cref="CallSummary.UpdatedAt"/>.</param>
    public static CallSummary? Apply(CallSummary? current, object @event, DateTimeOffset eventTime)
    {
        ArgumentNullException.ThrowIfNull(@event);
        if (@event is CallStarted started)
        {
            return current ?? Start(started, eventTime);
        }
        if (current is null)
        {
            return null;
        }
        return @event switch
        {
            SipMessagesRecorded recorded => current with
            {
                DialogueMessages = current.DialogueMessages + recorded.Chunks.Count,
                UpdatedAt = Later(current.UpdatedAt, eventTime),
            },
            CallRinging ringing => WithStatus(current, ringing.Status, eventTime),
            CallAnswered answered => WithStatus(current, answered.Status, eventTime),
            CallEnded ended => WithStatus(current, ended.Status, eventTime),
            MediaStatsSampled sampled => current with
            {
                CallerMos = MosOf(sampled.Media.Caller),
                CalleeMos = MosOf(sampled.Media.Callee),
                UpdatedAt = Later(current.UpdatedAt, eventTime),
            },
            _ => current,
        };
    }

    /// <summary>The user part of a From or To header value (name-addr or addr-spec), unescaped; the number of a tel:
    /// URI; null when there is none or the value does not parse.</summary>
    internal static string? UserOf(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }
        if (NameAddress.TryParse(header, out var address, out _))
        {
            return UserOf(address.Uri);
        }
        // A display name the strict parser refuses (unquoted specials) still has its URI between the brackets.
        var open = header.IndexOf('<', StringComparison.Ordinal);
        var close = open < 0 ? -1 : header.IndexOf('>', open + 1);
        return close > open + 1 && SipUri.TryParse(header.AsSpan(open + 1, close - open - 1), out var uri, out _)
            ? UserOf(uri)
            : null;
    }

    /// <summary>The host of a Request-URI, lower-case (an IPv6 reference keeps its brackets); null when the URI is not
    /// a SIP URI or does not parse.</summary>
    internal static string? RealmOf(string? requestUri) =>
        !string.IsNullOrWhiteSpace(requestUri) && SipUri.TryParse(requestUri, out var uri, out _) && uri.IsSip && uri.Host.Length > 0
            ? uri.Host.ToLowerInvariant()
            : null;

    private static string? UserOf(SipUri uri)
    {
        var user = uri.IsSip ? uri.User : TelNumberOf(uri);
        return string.IsNullOrEmpty(user) ? null : Uri.UnescapeDataString(user);
    }

    private static string? TelNumberOf(SipUri uri)
    {
        if (!string.Equals(uri.Scheme, "tel", StringComparison.Ordinal) || uri.Opaque is not { } opaque)
        {
            return null;
        }
        var semicolon = opaque.IndexOf(';', StringComparison.Ordinal);
        return semicolon < 0 ? opaque : opaque[..semicolon];
    }

    private static CallSummary Start(CallStarted started, DateTimeOffset eventTime) => new(
        CallId: started.CallId,
        CalleeCallId: string.IsNullOrEmpty(started.CalleeCallId) ? null : started.CalleeCallId,
        AccountId: string.IsNullOrEmpty(started.AccountId) ? null : started.AccountId,
        Realm: RealmOf(started.RequestUri),
        // An event from an older writer may lack a field: JSON leaves it null whatever the annotation says, and the
        // row must still be storable, or the projection would stop at it.
        Node: started.Node ?? string.Empty,
        Route: started.Route,
        From: started.From ?? string.Empty,
        To: started.To ?? string.Empty,
        FromUser: UserOf(started.From),
        ToUser: UserOf(started.To),
        Direction: Incoming,
        Status: CallStatus.Starting.ToWireName(),
        CreatedAt: started.CreatedAt,
        UpdatedAt: Later(started.CreatedAt, eventTime),
        RingingAt: null,
        AnsweredAt: null,
        EndedAt: null,
        PddMs: null,
        SipCode: null,
        HangupCause: null,
        HangupSource: null,
        DialogueMessages: 0,
        CallerMos: null,
        CalleeMos: null);

    private static CallSummary WithStatus(CallSummary current, CallStatusState status, DateTimeOffset eventTime) => current with
    {
        Status = status.Status.ToWireName(),
        RingingAt = status.RingingAt,
        AnsweredAt = status.AnsweredAt,
        EndedAt = status.EndedAt,
        PddMs = status.Pdd?.TotalMilliseconds,
        SipCode = status.FinalSipCode,
        HangupCause = status.HangupCause,
        HangupSource = status.HangupSource?.ToWireName(),
        UpdatedAt = Later(current.UpdatedAt, eventTime),
    };

    /// <summary>The G.107 MOS of what the leg sent us: its current source's, or, just after an SSRC change when the new
    /// source has no rating yet, the latest earlier source's.</summary>
    private static double? MosOf(MediaLegSample leg)
    {
        var inbound = leg.Figures.Inbound;
        if (inbound.G107 is { } current)
        {
            return current.Mos;
        }
        for (var i = inbound.EarlierSources.Count - 1; i >= 0; i--)
        {
            if (inbound.EarlierSources[i].G107 is { } earlier)
            {
                return earlier.Mos;
            }
        }
        return null;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
