using System.Net;
using System.Net.Sockets;
using CallActors.Sip.Messages;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>One call as the harness's caller sees it: its INVITE and BYE, and once answered the dialog's remote tag,
/// target and route set, its ACK, and where its audio goes (the relay's caller-leg port, or the callee itself).</summary>
internal sealed class CallerDialog
{
    private readonly Lock _answering = new();
    private readonly IPEndPoint _local;
    private readonly SipUri _requestUri;
    private readonly string _fromTag = SipIds.NewTag();
    private string? _to;
    private SipUri? _remoteTarget;
    private IReadOnlyList<string> _routeSet = [];

    public CallerDialog(string user, IPEndPoint node, IPEndPoint local, Socket rtp)
    {
        _local = local;
        _requestUri = SipUri.Create(user, node.Address.ToString(), node.Port);
        User = user;
        CallId = SipIds.NewCallId(local.Address.ToString());
        Rtp = rtp;
        var invite = NewRequest(SipMethods.Invite, 1, _requestUri, new NameAddress(_requestUri.Clone()).ToString());
        invite.Headers.Add(SipHeaderNames.Contact, new NameAddress(SipUri.Create("bench", local.Address.ToString(), local.Port)).ToString());
        invite.SetBody(AudioSdp.Describe((IPEndPoint)rtp.LocalEndPoint!), AudioSdp.ContentType);
        Invite = new ClientTransaction(invite);
    }

    /// <summary>The Request-URI user, which the node's route carries to the callee: it pairs the call's two legs.</summary>
    public string User { get; }

    public string CallId { get; }

    public Socket Rtp { get; }

    public ClientTransaction Invite { get; }

    public ClientTransaction? Bye { get; private set; }

    /// <summary>The ACK for the 2xx, sent again for each retransmitted 2xx.</summary>
    public byte[]? Ack { get; private set; }

    /// <summary>Where the answer's SDP wants this call's audio; null until answered, or when the answer had no SDP.</summary>
    public IPEndPoint? RtpSendsTo { get; private set; }

    /// <summary>Takes the dialog state from the (first) 2xx to the INVITE and builds the ACK (RFC 3261 §13.2.2.4).</summary>
    public void Answered(SipResponse ok)
    {
        lock (_answering)
        {
            if (Ack is not null)
            {
                return;
            }
            _to = ok.Headers.Get(SipHeaderNames.To);
            _remoteTarget = ok.Contact?.Uri;
            _routeSet = ok.Headers.GetValues(SipHeaderNames.RecordRoute).Reverse().ToList();
            RtpSendsTo = AudioSdp.GetAudioDestination(ok);
            Ack = SipSerializer.Serialize(InDialog(SipMethods.Ack, 1));
        }
    }

    /// <summary>The BYE that ends the call (CSeq 2).</summary>
    public ClientTransaction HangUp() => Bye = new ClientTransaction(InDialog(SipMethods.Bye, 2));

    private SipRequest InDialog(string method, uint cseq)
    {
        var request = NewRequest(method, cseq, _remoteTarget ?? _requestUri, _to ?? throw new InvalidOperationException("the call is not answered"));
        foreach (var route in _routeSet)
        {
            request.Headers.Add(SipHeaderNames.Route, route);
        }
        return request;
    }

    private SipRequest NewRequest(string method, uint cseq, SipUri requestUri, string to)
    {
        var request = new SipRequest(method, requestUri.Clone());
        var via = new ViaHeader("UDP", _local.Address.ToString(), _local.Port, SipIds.NewBranch());
        via.Parameters.Set("rport", null);
        var from = new NameAddress(SipUri.Create("bench", _local.Address.ToString(), _local.Port)) { Tag = _fromTag };
        request.Headers.Add(SipHeaderNames.Via, via.ToString());
        request.Headers.Add(SipHeaderNames.MaxForwards, "70");
        request.Headers.Add(SipHeaderNames.From, from.ToString());
        request.Headers.Add(SipHeaderNames.To, to);
        request.Headers.Add(SipHeaderNames.CallId, CallId);
        request.Headers.Add(SipHeaderNames.CSeq, new CSeqHeader(cseq, method).ToString());
        return request;
    }
}
