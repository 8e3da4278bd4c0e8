using System.Globalization;
using CallActors.Sip.Messages;

namespace CallActors.Sip.Dialogs;

/// <summary>The state of one SIP dialog (RFC 3261 §12) as seen by our side of a leg: who the parties are, where
/// in-dialog requests go (remote target, route set), and the CSeq numbers in each direction. It builds our in-dialog
/// requests and the ACK for a 2xx, and checks the requests the peer sends. Not thread-safe: it lives inside one call
/// actor.</summary>
public sealed class SipDialog
{
    private const int MaxForwards = 70;

    private readonly NameAddress _localParty;
    private readonly SipUri _localContact;
    private readonly uint? _inviteCSeq;
    private NameAddress _remoteParty;
    private SipUri _remoteTarget;
    private List<NameAddress> _routeSet;

    private SipDialog(
        string callId,
        NameAddress localParty,
        NameAddress remoteParty,
        SipUri remoteTarget,
        List<NameAddress> routeSet,
        SipUri localContact,
        uint localCSeq,
        uint? remoteCSeq,
        uint? inviteCSeq,
        SipDialogState state)
    {
        CallId = callId;
        _localParty = localParty;
        _remoteParty = remoteParty;
        _remoteTarget = remoteTarget;
        _routeSet = routeSet;
        _localContact = localContact;
        LocalCSeq = localCSeq;
        RemoteCSeq = remoteCSeq;
        _inviteCSeq = inviteCSeq;
        State = state;
    }

    public string CallId { get; }

    public string LocalTag => _localParty.Tag!;

    /// <summary>The peer's tag; null only for an RFC 2543 peer that sends none.</summary>
    public string? RemoteTag => _remoteParty.Tag;

    /// <summary>Our address with our tag, as From of our requests.</summary>
    public NameAddress LocalParty => _localParty.Clone();

    /// <summary>The peer's address with its tag, as To of our requests.</summary>
    public NameAddress RemoteParty => _remoteParty.Clone();

    /// <summary>The peer's Contact: the Request-URI of our in-dialog requests (under loose routing).</summary>
    public SipUri RemoteTarget => _remoteTarget.Clone();

    /// <summary>The proxies our in-dialog requests pass through, nearest first.</summary>
    public IReadOnlyList<NameAddress> RouteSet => _routeSet.ConvertAll(route => route.Clone());

    /// <summary>Our Contact, sent in target-refresh and subscription requests.</summary>
    public SipUri LocalContact => _localContact.Clone();

    /// <summary>The CSeq number of the last request we sent in the dialog (0 before a UAS sent any).</summary>
    public uint LocalCSeq { get; private set; }

    /// <summary>The CSeq number of the last request the peer sent in the dialog, or null before the first.</summary>
    public uint? RemoteCSeq { get; private set; }

    public SipDialogState State { get; private set; }

    public SipDialogId Id => new(CallId, LocalTag, RemoteTag ?? string.Empty);

    /// <summary>Creates the dialog our INVITE established, from a 101–199 response with a To tag (early) or a 2xx
    /// (confirmed), per RFC 3261 §12.1.2: route set = the response's Record-Route reversed, remote target = its
    /// Contact, local CSeq = the INVITE's, remote CSeq unset.</summary>
    /// <exception cref="ArgumentException">The response does not create a dialog, or the INVITE lacks From tag,
    /// Call-ID, CSeq or Contact.</exception>
    public static SipDialog CreateAsUac(SipRequest invite, SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(invite);
        ArgumentNullException.ThrowIfNull(response);
        RequireInvite(invite);
        var to = response.To ?? throw new ArgumentException("The response has no valid To header.", nameof(response));
        if (response.StatusCode is < 101 or >= 300 || (response.IsProvisional && to.Tag is null))
        {
            throw new ArgumentException(
                $"A {response.StatusCode} response does not create a dialog (a 101-199 with a To tag or a 2xx does).", nameof(response));
        }
        var from = invite.From;
        if (from?.Tag is null)
        {
            throw new ArgumentException("Our INVITE has no From tag.", nameof(invite));
        }
        var contact = invite.Contact ?? throw new ArgumentException("Our INVITE has no Contact.", nameof(invite));
        var cseq = invite.CSeq!.Value.Number;
        return new SipDialog(
            invite.CallId!,
            from,
            to,
            // Before the peer's Contact is known (a 1xx may lack one) requests follow the INVITE's Request-URI.
            response.Contact?.Uri ?? invite.RequestUri.Clone(),
            RecordRoutes(response, reverse: true),
            contact.Uri,
            localCSeq: cseq,
            remoteCSeq: null,
            inviteCSeq: cseq,
            response.IsSuccess ? SipDialogState.Confirmed : SipDialogState.Early);
    }

    /// <summary>Creates the dialog an INVITE we received establishes once we answer it with a 1xx or 2xx carrying
    /// <paramref name="localTag"/> (RFC 3261 §12.1.1): route set = Record-Route in order, remote target = the
    /// request's Contact, remote CSeq = the request's. It stays early until <see cref="Confirm"/>.</summary>
    /// <exception cref="ArgumentException">The INVITE already has a To tag (it belongs to an existing dialog) or lacks
    /// Call-ID, CSeq, From or Contact.</exception>
    public static SipDialog CreateAsUas(SipRequest invite, string localTag, SipUri localContact)
    {
        ArgumentNullException.ThrowIfNull(invite);
        ArgumentException.ThrowIfNullOrEmpty(localTag);
        ArgumentNullException.ThrowIfNull(localContact);
        RequireInvite(invite);
        var to = invite.To ?? throw new ArgumentException("The INVITE has no valid To header.", nameof(invite));
        if (to.Tag is not null)
        {
            throw new ArgumentException("The INVITE has a To tag: it belongs to an existing dialog.", nameof(invite));
        }
        to.Tag = localTag;
        var from = invite.From ?? throw new ArgumentException("The INVITE has no valid From header.", nameof(invite));
        var contact = invite.Contact ?? throw new ArgumentException("The INVITE has no Contact.", nameof(invite));
        return new SipDialog(
            invite.CallId!,
            to,
            from,
            contact.Uri,
            RecordRoutes(invite, reverse: false),
            localContact.Clone(),
            localCSeq: 0,
            remoteCSeq: invite.CSeq!.Value.Number,
            inviteCSeq: null,
            SipDialogState.Early);
    }

    /// <summary>Early to confirmed: the UAS sent its 2xx, or the UAC received one.</summary>
    public void Confirm()
    {
        if (State == SipDialogState.Early)
        {
            State = SipDialogState.Confirmed;
        }
    }

    public void Terminate() => State = SipDialogState.Terminated;

    /// <summary>Applies a response to one of our requests in this dialog.
    /// <list type="bullet">
    /// <item>Our dialog-creating INVITE, while early: a 1xx with a To tag or a 2xx re-derives the remote tag, route set
    /// and remote target from it (the dialog follows the latest fork until confirmed, RFC 3261 §13.2.2.4); a 2xx
    /// confirms; a final 3xx–6xx terminates the early dialog (§12.3).</item>
    /// <item>A 2xx to a re-INVITE or UPDATE refreshes the remote target from its Contact (§12.2.1.2); the route set
    /// never changes once confirmed.</item>
    /// <item>A 481 or 408 to an in-dialog request terminates the dialog (§12.2.1.2).</item>
    /// </list>
    /// A response of another dialog (Call-ID or From tag differ) is ignored.</summary>
    public void UpdateFromResponse(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (State == SipDialogState.Terminated || response.StatusCode <= 100 || response.CSeq is not { } cseq
            || response.CallId != CallId || response.From?.Tag != LocalTag)
        {
            return;
        }
        var toCreatingInvite = cseq.Method == SipMethods.Invite && cseq.Number == _inviteCSeq;
        if (toCreatingInvite && State == SipDialogState.Early)
        {
            if (response.StatusCode >= 300)
            {
                Terminate();
            }
            else if (response.To is { Tag: not null } || response.IsSuccess)
            {
                _remoteParty = response.To ?? _remoteParty;
                _routeSet = RecordRoutes(response, reverse: true);
                _remoteTarget = response.Contact?.Uri ?? _remoteTarget;
                if (response.IsSuccess)
                {
                    Confirm();
                }
            }
            return;
        }
        if (toCreatingInvite)
        {
            // A retransmitted 2xx (or one from another fork) of the INVITE that created the confirmed dialog.
            return;
        }
        if (response.IsSuccess && cseq.Method is SipMethods.Invite or SipMethods.Update && response.Contact is { IsWildcard: false } contact)
        {
            _remoteTarget = contact.Uri;
        }
        else if (response.StatusCode is 481 or 408)
        {
            Terminate();
        }
    }

    /// <summary>Builds an in-dialog request (BYE, re-INVITE, UPDATE, INFO, REFER, NOTIFY, OPTIONS…) per RFC 3261
    /// §12.2.1.1: the next local CSeq, From = <see cref="LocalParty"/>, To = <see cref="RemoteParty"/>, Call-ID,
    /// Max-Forwards 70, Contact for the methods that carry one, and the Request-URI and Route headers that loose or
    /// strict routing asks for. <paramref name="via"/> becomes the only Via (a branch is added if it has none).</summary>
    /// <exception cref="ArgumentException">ACK (use <see cref="CreateAck"/>) or CANCEL (it copies the INVITE, §9.1).</exception>
    /// <exception cref="InvalidOperationException">The dialog is terminated.</exception>
    public SipRequest CreateRequest(string method, ViaHeader via)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(via);
        if (method is SipMethods.Ack or SipMethods.Cancel)
        {
            throw new ArgumentException(
                $"{method} is not built by the dialog: the ACK for a 2xx comes from CreateAck, a CANCEL copies its INVITE.", nameof(method));
        }
        if (State == SipDialogState.Terminated)
        {
            throw new InvalidOperationException($"Dialog {Id} is terminated; it sends no more requests.");
        }
        LocalCSeq++;
        var request = Build(method, LocalCSeq, via);
        if (method is SipMethods.Invite or SipMethods.Update or SipMethods.Refer or SipMethods.Notify or SipMethods.Subscribe)
        {
            request.Headers.Add(SipHeaderNames.Contact, $"<{_localContact}>");
        }
        return request;
    }

    /// <summary>Builds the ACK for a 2xx to an INVITE of this dialog (RFC 3261 §13.2.2.4): routed like any in-dialog
    /// request, CSeq = the INVITE's number with method ACK (the local CSeq does not move), a new transaction (the
    /// branch of <paramref name="via"/>, or a fresh one), and the SDP answer as body when the 2xx carried the offer.</summary>
    public SipRequest CreateAck(uint inviteCSeq, ViaHeader via, ReadOnlyMemory<byte> body = default, string? contentType = null)
    {
        ArgumentNullException.ThrowIfNull(via);
        var ack = Build(SipMethods.Ack, inviteCSeq, via);
        if (!body.IsEmpty)
        {
            ack.SetBody(body, contentType ?? "application/sdp");
        }
        return ack;
    }

    /// <summary>The URI whose address an in-dialog request is sent to (RFC 3261 §8.1.2): its first Route when that
    /// route is loose (<c>;lr</c>), else its Request-URI (no route, or a strict router placed there).</summary>
    public SipUri NextHop(SipRequest inDialogRequest)
    {
        ArgumentNullException.ThrowIfNull(inDialogRequest);
        var firstRoute = inDialogRequest.Headers.GetFirstValue(SipHeaderNames.Route);
        return firstRoute is not null && NameAddress.TryParse(firstRoute, out var route, out _) && IsLooseRoute(route)
            ? route.Uri.Clone()
            : inDialogRequest.RequestUri.Clone();
    }

    /// <summary>Checks a request the peer sent in this dialog (RFC 3261 §12.2.2) and updates the dialog from it:
    /// <list type="bullet">
    /// <item>a request of another dialog, or for a terminated one → 481;</item>
    /// <item>a CSeq lower than or equal to the last one (ACK and CANCEL excepted: they reuse their INVITE's) → 500
    /// "CSeq out of order" (an equal CSeq that is a retransmission never gets here: its transaction absorbs it);</item>
    /// <item>otherwise the remote CSeq becomes the request's, and a re-INVITE or UPDATE with a Contact refreshes the
    /// remote target.</item>
    /// </list>
    /// Returns null when the request is accepted, else the status code and reason to answer with.</summary>
    public (int StatusCode, string Reason)? AcceptRequest(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method == SipMethods.Cancel)
        {
            // A CANCEL matches the INVITE transaction, not the dialog: its To carries no tag (§9.1).
            return null;
        }
        if (State == SipDialogState.Terminated || request.CallId != CallId || request.To?.Tag != LocalTag
            || (RemoteTag is not null && request.From?.Tag != RemoteTag))
        {
            return (481, "Call/Transaction Does Not Exist");
        }
        if (request.Method == SipMethods.Ack)
        {
            return null;
        }
        if (request.CSeq is not { } cseq)
        {
            return (400, "Missing or invalid CSeq");
        }
        if (RemoteCSeq is { } last && cseq.Number <= last)
        {
            return (500, "CSeq out of order");
        }
        RemoteCSeq = cseq.Number;
        if (request.Method is SipMethods.Invite or SipMethods.Update && request.Contact is { IsWildcard: false } contact)
        {
            _remoteTarget = contact.Uri;
        }
        return null;
    }

    public override string ToString() => $"{Id} ({State})";

    private static void RequireInvite(SipRequest invite)
    {
        if (invite.Method != SipMethods.Invite)
        {
            throw new ArgumentException($"A dialog is created by an INVITE, not a {invite.Method}.", nameof(invite));
        }
        if (invite.CallId is null || invite.CSeq is null)
        {
            throw new ArgumentException("The INVITE has no Call-ID or no valid CSeq.", nameof(invite));
        }
    }

    private static List<NameAddress> RecordRoutes(SipMessage message, bool reverse)
    {
        var routes = new List<NameAddress>();
        foreach (var value in message.Headers.GetValues(SipHeaderNames.RecordRoute))
        {
            if (!NameAddress.TryParse(value, out var route, out var error))
            {
                throw new ArgumentException($"Record-Route '{value}' does not parse: {error}", nameof(message));
            }
            routes.Add(route);
        }
        if (reverse)
        {
            routes.Reverse();
        }
        return routes;
    }

    private static bool IsLooseRoute(NameAddress route) => route.Uri.Parameters.Contains("lr");

    private SipRequest Build(string method, uint cseq, ViaHeader via)
    {
        SipUri requestUri;
        var headers = new SipHeaders();
        headers.Add(SipHeaderNames.Via, WithBranch(via).ToString());
        headers.Add(SipHeaderNames.MaxForwards, MaxForwards.ToString(CultureInfo.InvariantCulture));
        if (_routeSet.Count == 0)
        {
            requestUri = _remoteTarget.Clone();
        }
        else if (IsLooseRoute(_routeSet[0]))
        {
            requestUri = _remoteTarget.Clone();
            foreach (var route in _routeSet)
            {
                headers.Add(SipHeaderNames.Route, route.ToString());
            }
        }
        else
        {
            // Strict routing (RFC 2543 proxies): the first route becomes the Request-URI, stripped of what a
            // Request-URI may not carry, and the remote target goes last in Route.
            requestUri = _routeSet[0].Uri.Clone();
            requestUri.Parameters.Remove("method");
            requestUri.Headers = null;
            for (var i = 1; i < _routeSet.Count; i++)
            {
                headers.Add(SipHeaderNames.Route, _routeSet[i].ToString());
            }
            headers.Add(SipHeaderNames.Route, $"<{_remoteTarget}>");
        }
        headers.Add(SipHeaderNames.From, _localParty.ToString());
        headers.Add(SipHeaderNames.To, _remoteParty.ToString());
        headers.Add(SipHeaderNames.CallId, CallId);
        headers.Add(SipHeaderNames.CSeq, new CSeqHeader(cseq, method).ToString());
        return new SipRequest(method, requestUri, headers);
    }

    private static ViaHeader WithBranch(ViaHeader via)
    {
        var copy = via.Clone();
        if (copy.Branch is null)
        {
            copy.Parameters.Set("branch", SipIds.NewBranch());
        }
        return copy;
    }
}
