using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CallActors.Actors;
using CallActors.Calls.Media;
using CallActors.Calls.Routing;
using CallActors.Calls.Tests.Infrastructure;
using CallActors.Media.Monitoring;
using CallActors.Media.Relay;
using CallActors.Sip.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallActors.Calls.Tests.Transfers;

/// <summary>What the call actor answers to a REFER whose Refer-To carries a Replaces it cannot or need not join inside
/// the node, on real SIP legs through an in-process node with its relay: a malformed Replaces, one naming the call
/// itself, another call's dialog with the wrong tags, another account's call, and a dialog no call here holds (which goes
/// to the target as it came). The joining case runs against sipp in the interop tests. Each test has its own 127.0.6x
/// addresses and relay ports: prefix.1 callers, .2 the callee (every route's target), .3 the relay, .4 the node.</summary>
public sealed class ReferWithReplacesTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_replaces_without_both_tags_is_refused_with_400_and_no_transfer_is_made()
    {
        await using var net = await Net.StartAsync("127.0.65", 44750, 44799);
        var call = await net.PlaceCallAsync("bob", "malformed@test");

        var refused = await net.ReferAsync(call, $"<sip:bob@{net.NodeEndPoint}?Replaces=abc%40host%3Bto-tag%3D1>");

        Assert.Equal((400, "Bad Replaces In Refer-To"), (refused.StatusCode, refused.ReasonPhrase));
        Assert.Empty(await net.TransfersAsync(call));
    }

    [Fact]
    public async Task A_replaces_naming_the_call_itself_or_another_calls_dialog_with_the_wrong_tags_is_refused_with_403()
    {
        await using var net = await Net.StartAsync("127.0.66", 44800, 44849);
        var call = await net.PlaceCallAsync("bob", "first@test");
        var other = await net.PlaceCallAsync("bob", "second@test");

        var itself = await net.ReferAsync(call, $"<sip:bob@{net.NodeEndPoint}?Replaces={Escape(call.Replaces)}>");
        Assert.Equal((403, "Replaces Names This Call"), (itself.StatusCode, itself.ReasonPhrase));

        // The other call's Call-ID with the tags swapped: no such dialog (RFC 3891 matches all three).
        var swapped = $"{other.CallId};to-tag={other.CallerTag};from-tag={other.NodeTag}";
        var wrongTags = await net.ReferAsync(call, $"<sip:bob@{net.NodeEndPoint}?Replaces={Escape(swapped)}>", cseq: 3);
        Assert.Equal((403, "Replaced Dialog Not Available"), (wrongTags.StatusCode, wrongTags.ReasonPhrase));

        Assert.Empty(await net.TransfersAsync(call));
        Assert.Empty(await net.TransfersAsync(other));
        Assert.Equal("Ongoing", await net.StatusAsync(other));
    }

    [Fact]
    public async Task A_replaces_naming_a_call_of_another_account_is_refused_with_403_and_that_call_goes_on()
    {
        await using var net = await Net.StartAsync("127.0.67", 44850, 44899);
        var call = await net.PlaceCallAsync("bob", "mine@test");
        var theirs = await net.PlaceCallAsync("other", "theirs@test");

        var refused = await net.ReferAsync(call, $"<sip:bob@{net.NodeEndPoint}?Replaces={Escape(theirs.Replaces)}>");

        Assert.Equal((403, "Replaced Dialog Not Available"), (refused.StatusCode, refused.ReasonPhrase));
        Assert.Empty(await net.TransfersAsync(call));
        Assert.Equal("Ongoing", await net.StatusAsync(theirs));
    }

    [Fact]
    public async Task A_replaces_naming_a_dialog_no_call_here_holds_goes_to_the_target_as_it_came()
    {
        await using var net = await Net.StartAsync("127.0.68", 44900, 44949);
        var call = await net.PlaceCallAsync("bob", "elsewhere@test");
        const string replaces = "abc@phone.example;to-tag=7743;from-tag=6472";

        var accepted = await net.ReferAsync(call, $"<sip:bob@{net.NodeEndPoint}?Replaces={Escape(replaces)}>");
        Assert.Equal(202, accepted.StatusCode);

        var invite = await net.NextInviteToCalleeAsync(except: call.CalleeCallId);
        Assert.Equal(replaces, invite.Headers.Get(SipHeaderNames.Replaces));
        var transfer = Assert.Single(await net.TransfersAsync(call));
        Assert.Equal(replaces, transfer.ReplacesDialog);
        Assert.Null(transfer.ReplacedCallId);
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);

    /// <summary>One answered call: the caller's socket, its dialog's tags as the node sees them, the callee leg's Call-ID.</summary>
    private sealed record PlacedCall(LoopbackUa Caller, string User, string CallId, string CallerTag, string NodeTag, string CalleeCallId)
    {
        /// <summary>The Replaces a phone would write for this dialog (the node's tag as to-tag).</summary>
        public string Replaces => $"{CallId};to-tag={NodeTag};from-tag={CallerTag}";
    }

    private sealed class Net : IAsyncDisposable
    {
        private readonly string _prefix;
        private readonly MediaRelay _relay;
        private readonly LoopbackUa _callee;
        private readonly InProcessNode _node;
        private readonly List<LoopbackUa> _callers = [];

        private Net(string prefix, MediaRelay relay, LoopbackUa callee, InProcessNode node)
        {
            _prefix = prefix;
            _relay = relay;
            _callee = callee;
            _node = node;
        }

        public IPEndPoint NodeEndPoint => _node.Sip.Transport.UdpEndPoint;

        public static async Task<Net> StartAsync(string prefix, int portMin, int portMax)
        {
            var relay = new MediaRelay(new MediaRelayOptions { BindAddress = IPAddress.Parse(prefix + ".3"), PortMin = portMin, PortMax = portMax });
            var anchor = new RelayMediaAnchor(relay, IPAddress.Parse(prefix + ".3"), new MediaMonitorOptions(), NullLoggerFactory.Instance);
            var callee = new LoopbackUa(prefix + ".2", new IPEndPoint(IPAddress.Loopback, 9));
            var target = "sip:${user}@" + callee.LocalEndPoint;
            var node = await InProcessNode.StartAsync(prefix + ".4",
            [
                new CallRoute("bob", new Regex("^bob$"), null, target, "acct", TimeSpan.FromSeconds(30)),
                new CallRoute("other", new Regex("^other$"), null, target, "other-acct", TimeSpan.FromSeconds(30)),
            ], media: anchor);
            return new Net(prefix, relay, callee, node);
        }

        /// <summary>A caller of its own calls <paramref name="user"/>; the callee answers PCMU; the caller ACKs.</summary>
        public async Task<PlacedCall> PlaceCallAsync(string user, string callId)
        {
            var caller = new LoopbackUa(_prefix + ".1", NodeEndPoint);
            _callers.Add(caller);
            caller.Send(caller.Request("INVITE", callId, requestUser: user, body: Sdp(_prefix + ".1", 40000)));
            var invite = await NextInviteToCalleeAsync(except: null);
            var ok = SipResponse.CreateFor(invite, 200, null, "callee-" + SipIds.NewTag());
            ok.Headers.Add("Contact", $"<sip:{user}@{_callee.LocalEndPoint}>");
            ok.SetBody(Encoding.UTF8.GetBytes(Sdp(_prefix + ".2", 40002)), "application/sdp");
            _callee.Reply(ok, NodeEndPoint);
            var answered = await ReceiveResponseAsync(caller, callId, SipMethods.Invite);
            Assert.Equal(200, answered.StatusCode);
            var placed = new PlacedCall(caller, user, callId, answered.From!.Tag!, answered.To!.Tag!, invite.CallId!);
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

        /// <summary>The next INVITE the node sends the callee, skipping ACKs, BYEs and INVITEs of <paramref name="except"/>.</summary>
        public async Task<SipRequest> NextInviteToCalleeAsync(string? except)
        {
            var deadline = DateTime.UtcNow + Wait;
            while (DateTime.UtcNow < deadline)
            {
                if (await _callee.ReceiveAsync(deadline - DateTime.UtcNow) is SipRequest { Method: SipMethods.Invite } invite && invite.CallId != except)
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

        private static string Sdp(string address, int port) =>
            $"v=0\r\no=- 1 1 IN IP4 {address}\r\ns=-\r\nc=IN IP4 {address}\r\nt=0 0\r\nm=audio {port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

        public async ValueTask DisposeAsync()
        {
            _callers.ForEach(c => c.Dispose());
            _callee.Dispose();
            await _node.DisposeAsync();
            _relay.Dispose();
        }
    }
}
