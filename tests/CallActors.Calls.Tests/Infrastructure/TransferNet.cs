using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CallActors.Actors;
using CallActors.Calls.B2bua;
using CallActors.Calls.Media;
using CallActors.Calls.Routing;
using CallActors.Calls.Transfers;
using CallActors.Media.Monitoring;
using CallActors.Media.Relay;
using CallActors.Sip.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallActors.Calls.Tests.Infrastructure;

/// <summary>One answered call: the caller's socket, its dialog's tags as the node sees them, the callee leg's Call-ID.</summary>
internal sealed record PlacedCall(LoopbackUa Caller, string User, string CallId, string CallerTag, string NodeTag, string CalleeCallId)
{
    /// <summary>The Replaces a phone would write for this dialog (the node's tag as to-tag).</summary>
    public string Replaces => $"{CallId};to-tag={NodeTag};from-tag={CallerTag}";
}

/// <summary>An in-process node with its media relay, for transfer tests on real SIP legs: callers at prefix.1 (a socket
/// each), one callee at prefix.2 that every route targets (bob and carol of account "acct", other of "other-acct"),
/// the relay at .3 and the node at .4.</summary>
internal sealed class TransferNet : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private readonly string _prefix;
    private readonly MediaRelay _relay;
    private readonly LoopbackUa _callee;
    private readonly InProcessNode _node;
    private readonly List<LoopbackUa> _callers = [];

    // The callee legs already answered: a retransmission of their INVITE (the node's T1 is 500 ms, and a loaded machine
    // can be slower to take the 200) is not a new call.
    private readonly HashSet<string> _answered = new(StringComparer.Ordinal);

    private TransferNet(string prefix, MediaRelay relay, LoopbackUa callee, InProcessNode node)
    {
        _prefix = prefix;
        _relay = relay;
        _callee = callee;
        _node = node;
    }

    public IPEndPoint NodeEndPoint => _node.Sip.Transport.UdpEndPoint;

    public static async Task<TransferNet> StartAsync(string prefix, int portMin, int portMax, B2buaOptions? options = null)
    {
        var relay = new MediaRelay(new MediaRelayOptions { BindAddress = IPAddress.Parse(prefix + ".3"), PortMin = portMin, PortMax = portMax });
        var anchor = new RelayMediaAnchor(relay, IPAddress.Parse(prefix + ".3"), new MediaMonitorOptions(), NullLoggerFactory.Instance);
        var callee = new LoopbackUa(prefix + ".2", new IPEndPoint(IPAddress.Loopback, 9));
        var target = "sip:${user}@" + callee.LocalEndPoint;
        var node = await InProcessNode.StartAsync(prefix + ".4",
        [
            new CallRoute("bob", new Regex("^bob$"), null, target, "acct", TimeSpan.FromSeconds(30)),
            new CallRoute("carol", new Regex("^carol$"), null, target, "acct", TimeSpan.FromSeconds(30)),
            new CallRoute("other", new Regex("^other$"), null, target, "other-acct", TimeSpan.FromSeconds(30)),
        ], calls: options, media: anchor);
        return new TransferNet(prefix, relay, callee, node);
    }

    /// <summary>A caller of its own calls <paramref name="user"/> (listing <paramref name="allow"/> in Allow, if given);
    /// the callee answers PCMU; the caller ACKs.</summary>
    public async Task<PlacedCall> PlaceCallAsync(string user, string callId, string? allow = null, string callerCodecs = "0")
    {
        var caller = new LoopbackUa(_prefix + ".1", NodeEndPoint);
        _callers.Add(caller);
        var invite = caller.Request("INVITE", callId, requestUser: user, body: Sdp(_prefix + ".1", 40000, callerCodecs));
        caller.Send(allow is null ? invite : invite.Replace("Max-Forwards: 70\r\n", $"Max-Forwards: 70\r\nAllow: {allow}\r\n", StringComparison.Ordinal));
        var toCallee = await NextInviteToCalleeAsync(except: null);
        _answered.Add(toCallee.CallId!);
        AnswerAsCallee(toCallee, "0");
        var answered = await ReceiveResponseAsync(caller, callId, SipMethods.Invite);
        Assert.Equal(200, answered.StatusCode);
        var placed = new PlacedCall(caller, user, callId, answered.From!.Tag!, answered.To!.Tag!, toCallee.CallId!);
        caller.Send(caller.InDialog("ACK", callId, placed.CallerTag, placed.NodeTag, 1));
        var deadline = DateTime.UtcNow + Wait;
        while (await StatusAsync(placed) != "Ongoing")
        {
            Assert.True(DateTime.UtcNow < deadline, $"call {callId} did not become ongoing");
            await Task.Delay(20);
        }
        return placed;
    }

    /// <summary>Sends an in-dialog REFER from the caller and returns the node's final answer to it.</summary>
    public async Task<SipResponse> ReferAsync(PlacedCall call, string referTo, int cseq = 2)
    {
        var local = call.Caller.LocalEndPoint;
        call.Caller.Send(
            $"REFER sip:callactors@{NodeEndPoint} SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch={SipIds.NewBranch()};rport\r\n" +
            $"From: <sip:caller@{local}>;tag={call.CallerTag}\r\nTo: <sip:{call.User}@{NodeEndPoint}>;tag={call.NodeTag}\r\n" +
            $"Call-ID: {call.CallId}\r\nCSeq: {cseq} REFER\r\nContact: <sip:caller@{local}>\r\nRefer-To: {referTo}\r\n" +
            "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
        return await ReceiveResponseAsync(call.Caller, call.CallId, SipMethods.Refer);
    }

    /// <summary>Sends an in-dialog NOTIFY of a refer subscription from the caller with <paramref name="sipfrag"/> and
    /// returns the node's answer.</summary>
    public async Task<SipResponse> NotifyAsync(PlacedCall call, int cseq, string sipfrag, bool terminated)
    {
        var local = call.Caller.LocalEndPoint;
        var body = sipfrag + "\r\n";
        call.Caller.Send(
            $"NOTIFY sip:callactors@{NodeEndPoint} SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch={SipIds.NewBranch()};rport\r\n" +
            $"From: <sip:caller@{local}>;tag={call.CallerTag}\r\nTo: <sip:{call.User}@{NodeEndPoint}>;tag={call.NodeTag}\r\n" +
            $"Call-ID: {call.CallId}\r\nCSeq: {cseq} NOTIFY\r\nContact: <sip:caller@{local}>\r\nEvent: refer\r\n" +
            $"Subscription-State: {(terminated ? "terminated;reason=noresource" : "active;expires=60")}\r\n" +
            $"Content-Type: message/sipfrag;version=2.0\r\nMax-Forwards: 70\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        return await ReceiveResponseAsync(call.Caller, call.CallId, SipMethods.Notify);
    }

    /// <summary>The next request with <paramref name="method"/> the node sends the caller of <paramref name="call"/>.</summary>
    public static async Task<SipRequest> NextRequestToCallerAsync(PlacedCall call, string method)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            if (await call.Caller.ReceiveAsync(deadline - DateTime.UtcNow) is SipRequest request && request.Method == method && request.CallId == call.CallId)
            {
                return request;
            }
        }
        throw new Xunit.Sdk.XunitException($"the node sent the caller no {method}");
    }

    /// <summary>The callee answers an INVITE 200 with an SDP of <paramref name="codecs"/> (static payload types).</summary>
    public void AnswerAsCallee(SipRequest invite, string codecs)
    {
        var ok = SipResponse.CreateFor(invite, 200, null, "callee-" + SipIds.NewTag());
        ok.Headers.Add("Contact", $"<sip:{invite.RequestUri.User}@{_callee.LocalEndPoint}>");
        ok.SetBody(Encoding.UTF8.GetBytes(Sdp(_prefix + ".2", 40002, codecs)), "application/sdp");
        _callee.Reply(ok, NodeEndPoint);
    }

    /// <summary>Starts an API transfer of the call's caller (kept) to <paramref name="target"/>; its id.</summary>
    public async Task<string> StartTransferAsync(PlacedCall call, TransferKind kind, string target)
    {
        var accepted = await AskAsync<object>(new StartTransfer(call.CallId,
            new TransferRequest(kind, target, TransferLeg.Caller, [], TransferFallbackAction.Reconnect)));
        return Assert.IsType<TransferAccepted>(accepted).Transfer.Id;
    }

    /// <summary>Answers a request the node sent the caller.</summary>
    public void ReplyAsCaller(PlacedCall call, SipRequest request, int code) =>
        call.Caller.Reply(SipResponse.CreateFor(request, code), NodeEndPoint);

    public async Task<T> AskAsync<T>(object message) => (T)await _node.Sip.Directory.Ask<object>(message, Wait);

    /// <summary>The next INVITE the node sends the callee for a new leg, skipping ACKs, BYEs, INVITEs of legs already
    /// answered here and of <paramref name="except"/>.</summary>
    public async Task<SipRequest> NextInviteToCalleeAsync(string? except)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            if (await _callee.ReceiveAsync(deadline - DateTime.UtcNow) is SipRequest { Method: SipMethods.Invite } invite && invite.CallId != except && !_answered.Contains(invite.CallId!))
            {
                return invite;
            }
        }
        throw new Xunit.Sdk.XunitException("the node sent the callee no INVITE");
    }

    public async Task<IReadOnlyList<Calls.Transfers.TransferState>> TransfersAsync(PlacedCall call) =>
        ((TransferList)await _node.Sip.Directory.Ask<object>(new GetTransfers(call.CallId), Wait)).Transfers;

    public async Task<string> StatusAsync(PlacedCall call) =>
        ((CallSnapshot)await _node.Sip.Directory.Ask<object>(new GetCall(call.CallId), Wait)).Status.Status.ToString();

    private static async Task<SipResponse> ReceiveResponseAsync(LoopbackUa ua, string callId, string method)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            if (await ua.ReceiveAsync(deadline - DateTime.UtcNow) is SipResponse { StatusCode: >= 200 } response &&
                response.CallId == callId && response.CSeq?.Method == method)
            {
                return response;
            }
        }
        throw new Xunit.Sdk.XunitException($"no final response to the {method} of {callId}");
    }

    private static string Sdp(string address, int port, string codecs) =>
        $"v=0\r\no=- 1 1 IN IP4 {address}\r\ns=-\r\nc=IN IP4 {address}\r\nt=0 0\r\nm=audio {port} RTP/AVP {codecs}\r\n" +
        string.Concat(codecs.Split(' ').Select(pt => $"a=rtpmap:{pt} {(pt == "8" ? "PCMA" : "PCMU")}/8000\r\n"));

    public async ValueTask DisposeAsync()
    {
        _callers.ForEach(c => c.Dispose());
        _callee.Dispose();
        await _node.DisposeAsync();
        _relay.Dispose();
    }
}
