using System.Text;
using System.Text.RegularExpressions;
using CallActors.Actors;
using CallActors.Calls.B2bua;
using CallActors.Calls.Routing;
using CallActors.Calls.Status;
using CallActors.Calls.Tests.Infrastructure;
using CallActors.Sip.Messages;

namespace CallActors.Calls.Tests.B2bua;

/// <summary>What the node answers to input a production SIP server meets every day, through real loopback sockets.
/// Each test has its own 127.0.50.x address.</summary>
public sealed class BadInputTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_BYE_for_an_unknown_dialog_gets_481()
    {
        await using var node = await InProcessNode.StartAsync("127.0.50.1");
        using var ua = new LoopbackUa("127.0.50.1", node.Sip.Transport.UdpEndPoint);

        ua.Send(ua.Request("BYE", "nobody@test", toTag: "abc"));

        var response = await ua.ReceiveFinalAsync("nobody@test", Wait);
        Assert.Equal(481, response?.StatusCode);
    }

    [Fact]
    public async Task Out_of_dialog_OPTIONS_gets_200_with_the_methods_the_node_allows()
    {
        await using var node = await InProcessNode.StartAsync("127.0.50.2");
        using var ua = new LoopbackUa("127.0.50.2", node.Sip.Transport.UdpEndPoint);

        ua.Send(ua.Request("OPTIONS", "ping@test"));

        var response = await ua.ReceiveFinalAsync("ping@test", Wait);
        Assert.Equal(200, response?.StatusCode);
        Assert.Contains("INVITE", response!.Headers.Get("Allow"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_INVITE_with_Max_Forwards_0_gets_483_and_creates_no_call()
    {
        await using var node = await InProcessNode.StartAsync("127.0.50.3", [AnyUserTo("127.0.50.99:5070")]);
        using var ua = new LoopbackUa("127.0.50.3", node.Sip.Transport.UdpEndPoint);

        ua.Send(ua.Request("INVITE", "hops@test", maxForwards: 0, body: Sdp));

        Assert.Equal(483, (await ua.ReceiveFinalAsync("hops@test", Wait))?.StatusCode);
        var active = await node.Sip.Directory.Ask<string[]>(CallsActor.GetActiveCalls.Instance, Wait);
        Assert.Empty(active);
    }

    [Fact]
    public async Task An_INVITE_no_route_matches_gets_404_and_is_recorded_as_a_failed_call()
    {
        await using var node = await InProcessNode.StartAsync("127.0.50.4", [new CallRoute("only-9", new Regex("^9"), null, "sip:${user}@127.0.50.99:5070", null, TimeSpan.FromSeconds(30))]);
        using var ua = new LoopbackUa("127.0.50.4", node.Sip.Transport.UdpEndPoint);

        ua.Send(ua.Request("INVITE", "noroute@test", requestUser: "1234", body: Sdp));

        Assert.Equal(404, (await ua.ReceiveFinalAsync("noroute@test", Wait))?.StatusCode);
        var call = await AwaitCall(node, "noroute@test", s => s.Status.IsEnded);
        Assert.Equal(CallStatus.Failed, call.Status.Status);
        Assert.Equal(404, call.Status.FinalSipCode);
        Assert.Equal(HangupSource.None, call.Status.HangupSource);
    }

    [Fact]
    public async Task An_INVITE_with_invalid_SDP_gets_488()
    {
        await using var node = await InProcessNode.StartAsync("127.0.50.5", [AnyUserTo("127.0.50.99:5070")]);
        using var ua = new LoopbackUa("127.0.50.5", node.Sip.Transport.UdpEndPoint);

        ua.Send(ua.Request("INVITE", "badsdp@test", body: "this is not SDP\r\n"));

        Assert.Equal(488, (await ua.ReceiveFinalAsync("badsdp@test", Wait))?.StatusCode);
    }

    [Fact]
    public async Task A_Content_Length_larger_than_the_datagram_gets_400_naming_the_problem()
    {
        await using var node = await InProcessNode.StartAsync("127.0.50.6");
        using var ua = new LoopbackUa("127.0.50.6", node.Sip.Transport.UdpEndPoint);

        ua.Send(ua.Request("OPTIONS", "cl@test").Replace("Content-Length: 0", "Content-Length: 300", StringComparison.Ordinal));

        var response = await ua.ReceiveFinalAsync("cl@test", Wait);
        Assert.Equal(400, response?.StatusCode);
        Assert.Contains("Content-Length", response!.ReasonPhrase, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_Request_URI_gets_400()
    {
        await using var node = await InProcessNode.StartAsync("127.0.50.7");
        using var ua = new LoopbackUa("127.0.50.7", node.Sip.Transport.UdpEndPoint);

        var node1 = node.Sip.Transport.UdpEndPoint.ToString();
        ua.Send(ua.Request("OPTIONS", "uri@test").Replace($"OPTIONS sip:service@{node1}", "OPTIONS sip:service@127.0.50.7:99999", StringComparison.Ordinal));

        var response = await ua.ReceiveFinalAsync("uri@test", Wait);
        Assert.Equal(400, response?.StatusCode);
        Assert.Contains("port", response!.ReasonPhrase, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_response_for_no_transaction_is_counted_and_changes_nothing()
    {
        await using var node = await InProcessNode.StartAsync("127.0.50.8");
        using var ua = new LoopbackUa("127.0.50.8", node.Sip.Transport.UdpEndPoint);
        var local = ua.LocalEndPoint;

        ua.Send($"SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP {node.Sip.Transport.UdpEndPoint};branch=z9hG4bKnothere\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@y>;tag=2\r\nCall-ID: stray@test\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");

        await AwaitCondition(() => node.Sip.Transactions.StrayResponses == 1);
        ua.Send(ua.Request("OPTIONS", "after-stray@test"));
        Assert.Equal(200, (await ua.ReceiveFinalAsync("after-stray@test", Wait))?.StatusCode);
        Assert.NotNull(local);
    }

    [Fact]
    public async Task Over_the_calls_per_second_limit_an_INVITE_gets_503_with_Retry_After()
    {
        var limits = new B2buaOptions { MaxCallsPerSecond = 1, RetryAfter = TimeSpan.FromSeconds(7) };
        await using var node = await InProcessNode.StartAsync("127.0.50.9", [AnyUserTo("127.0.50.99:5070")], limits);
        using var ua = new LoopbackUa("127.0.50.9", node.Sip.Transport.UdpEndPoint);

        ua.Send(ua.Request("INVITE", "first@test", body: Sdp));
        ua.Send(ua.Request("INVITE", "second@test", body: Sdp));

        var refused = await ua.ReceiveFinalAsync("second@test", Wait);
        Assert.Equal(503, refused?.StatusCode);
        Assert.Equal("7", refused!.Headers.Get("Retry-After"));
    }

    [Fact]
    public async Task A_route_that_points_back_at_the_node_is_a_loop_the_callee_leg_refuses_with_482()
    {
        await using var node = await InProcessNode.StartAsync("127.0.50.10", [AnyUserTo("127.0.50.10:5080")], port: 5080);
        using var ua = new LoopbackUa("127.0.50.10", node.Sip.Transport.UdpEndPoint);

        ua.Send(ua.Request("INVITE", "loop@test", body: Sdp));

        // The callee leg's INVITE comes back to the node with a Call-ID it created itself: 482 on that leg, which the
        // caller sees as 480 (a hop-by-hop code is not relayed as such).
        Assert.Equal(480, (await ua.ReceiveFinalAsync("loop@test", Wait))?.StatusCode);
        var call = await AwaitCall(node, "loop@test", s => s.Status.IsEnded);
        Assert.Equal(CallStatus.Failed, call.Status.Status);
        Assert.Equal(482, call.Status.FinalSipCode);
    }

    [Fact]
    public async Task A_callee_that_never_answers_the_INVITE_times_out_and_the_caller_gets_408()
    {
        // Something listens at the target (so the INVITE is sent) but never answers; T1 = 20 ms makes timer B 1.28 s.
        using var silent = new LoopbackUa("127.0.50.15", new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 9));
        var target = silent.LocalEndPoint.ToString();
        await using var node = await InProcessNode.StartAsync(
            "127.0.50.14", [AnyUserTo(target)], timers: new Sip.Transactions.SipTimerOptions { T1 = TimeSpan.FromMilliseconds(20), T2 = TimeSpan.FromMilliseconds(160) });
        using var ua = new LoopbackUa("127.0.50.14", node.Sip.Transport.UdpEndPoint);

        ua.Send(ua.Request("INVITE", "silent@test", body: Sdp));

        Assert.Equal(408, (await ua.ReceiveFinalAsync("silent@test", Wait))?.StatusCode);
        var call = await AwaitCall(node, "silent@test", s => s.Status.IsEnded);
        Assert.Equal(CallStatus.Failed, call.Status.Status);
        Assert.Equal(HangupSource.Timeout, call.Status.HangupSource);
        Assert.Equal("RECOVERY_ON_TIMER_EXPIRE", call.Status.HangupCause);
        // The silent callee saw the INVITE and its retransmissions (timer A), all with the same branch.
        var invites = new List<SipMessage>();
        while (await silent.ReceiveAsync(TimeSpan.FromMilliseconds(200)) is { } m)
        {
            invites.Add(m);
        }
        Assert.True(invites.Count >= 4, $"only {invites.Count} INVITEs reached the callee");
        Assert.Single(invites.Select(i => i.TopVia?.Branch).Distinct());
    }

    [Fact]
    public async Task A_caller_that_never_ACKs_the_200_has_the_call_torn_down_on_both_legs()
    {
        using var callee = new LoopbackUa("127.0.50.17", new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 9));
        await using var node = await InProcessNode.StartAsync(
            "127.0.50.16", [AnyUserTo(callee.LocalEndPoint.ToString())], timers: new Sip.Transactions.SipTimerOptions { T1 = TimeSpan.FromMilliseconds(20), T2 = TimeSpan.FromMilliseconds(160) });
        using var ua = new LoopbackUa("127.0.50.16", node.Sip.Transport.UdpEndPoint);

        ua.Send(ua.Request("INVITE", "noack@test", body: Sdp));
        var invite = Assert.IsType<SipRequest>(await callee.ReceiveAsync(Wait));
        var ok = SipResponse.CreateFor(invite, 200, null, "callee-tag");
        ok.Headers.Add("Contact", $"<sip:callee@{callee.LocalEndPoint}>");
        ok.SetBody(invite.Body, "application/sdp");
        callee.Reply(ok, node.Sip.Transport.UdpEndPoint);

        // The caller gets the 200 (again and again) but never ACKs it: after 64*T1 the node hangs up both legs.
        Assert.Equal(200, (await ua.ReceiveFinalAsync("noack@test", Wait))?.StatusCode);
        var call = await AwaitCall(node, "noack@test", s => s.Status.IsEnded);
        Assert.Equal(CallStatus.Completed, call.Status.Status);
        Assert.Equal(HangupSource.Timeout, call.Status.HangupSource);
        SipRequest? bye = null;
        var deadline = DateTime.UtcNow + Wait;
        while (bye is null && DateTime.UtcNow < deadline)
        {
            bye = await callee.ReceiveAsync(TimeSpan.FromMilliseconds(500)) as SipRequest is { Method: "BYE" } b ? b : null;
        }
        Assert.NotNull(bye);
        Assert.Equal("callee-tag", bye!.To?.Tag);
    }

    [Fact]
    public async Task A_200_retransmitted_after_the_call_ended_is_ACKed_again_and_changes_nothing()
    {
        using var callee = new LoopbackUa("127.0.50.19", new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 9));
        await using var node = await InProcessNode.StartAsync("127.0.50.18", [AnyUserTo(callee.LocalEndPoint.ToString())]);
        var failures = FailureRecorder.Attach(node.System);
        using var ua = new LoopbackUa("127.0.50.18", node.Sip.Transport.UdpEndPoint);
        var nodeEndPoint = node.Sip.Transport.UdpEndPoint;

        var invite = ua.Request("INVITE", "late200@test", body: Sdp);
        ua.Send(invite);
        var calleeInvite = Assert.IsType<SipRequest>(await callee.ReceiveAsync(Wait));
        var ok = SipResponse.CreateFor(calleeInvite, 200, null, "callee-tag");
        ok.Headers.Add("Contact", $"<sip:callee@{callee.LocalEndPoint}>");
        ok.SetBody(calleeInvite.Body, "application/sdp");
        callee.Reply(ok, nodeEndPoint);
        var answered = Assert.IsType<SipResponse>(await ua.ReceiveFinalAsync("late200@test", Wait));
        var toTag = answered.To!.Tag!;
        var fromTag = SipParser.Parse(Encoding.UTF8.GetBytes(invite), SipParserOptions.Default).Message!.From!.Tag!;
        ua.Send(ua.InDialog("ACK", "late200@test", fromTag, toTag, 1));
        Assert.Equal("ACK", (await callee.ReceiveAsync(Wait) as SipRequest)?.Method);
        ua.Send(ua.InDialog("BYE", "late200@test", fromTag, toTag, 2));
        Assert.Equal(200, (await ua.ReceiveFinalAsync("late200@test", Wait))?.StatusCode);
        Assert.Equal("BYE", (await callee.ReceiveAsync(Wait) as SipRequest)?.Method);

        // The callee never saw our ACK (say) and sends its 200 again after the BYE.
        callee.Reply(ok, nodeEndPoint);

        Assert.Equal("ACK", (await callee.ReceiveAsync(Wait) as SipRequest)?.Method);
        var call = await AwaitCall(node, "late200@test", s => s.Status.IsEnded);
        Assert.Equal(CallStatus.Completed, call.Status.Status);
        Assert.Equal(HangupSource.Caller, call.Status.HangupSource);
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Hundred_thousand_mutated_datagrams_leave_the_node_up_and_answering()
    {
        await using var node = await InProcessNode.StartAsync("127.0.50.13", calls: new B2buaOptions { MaxCallsPerSecond = 50 });
        using var ua = new LoopbackUa("127.0.50.13", node.Sip.Transport.UdpEndPoint);
        var seeds = new[]
        {
            Encoding.UTF8.GetBytes(ua.Request("INVITE", "fuzz@test", body: Sdp)),
            Encoding.UTF8.GetBytes(ua.Request("OPTIONS", "fuzz-options@test")),
            Encoding.UTF8.GetBytes(ua.Request("BYE", "fuzz-bye@test", toTag: "x")),
            Encoding.UTF8.GetBytes($"SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP 127.0.50.13;branch=z9hG4bKfuzz\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@y>;tag=2\r\nCall-ID: fuzz-resp@test\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"),
        };
        var random = new Random(4475);
        for (var i = 0; i < 100_000; i++)
        {
            ua.Send(Mutate(seeds[i % seeds.Length], random));
            if (i % 2_000 == 0)
            {
                // Let the node breathe so the test measures robustness, not the receive queue's size.
                await Task.Delay(5);
            }
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        SipResponse? answer = null;
        for (var attempt = 0; answer is null && DateTime.UtcNow < deadline; attempt++)
        {
            ua.Send(ua.Request("OPTIONS", $"alive-{attempt}@test"));
            answer = await ua.ReceiveFinalAsync($"alive-{attempt}@test", TimeSpan.FromSeconds(2));
        }
        Assert.Equal(200, answer?.StatusCode);
        Assert.True(node.Sip.Transport.Counters.Rejected > 1_000, $"only {node.Sip.Transport.Counters.Rejected} inputs were rejected");
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var edits = 1 + random.Next(4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(20)));
                    break;
                case 2:
                    bytes.InsertRange(at, "\r\n:;\"<>,\0 "u8.ToArray().Skip(random.Next(8)).Take(1 + random.Next(3)));
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4:
                    bytes.InsertRange(at, Enumerable.Repeat((byte)'A', random.Next(2_000)));
                    break;
                default:
                    var lineEnd = bytes.IndexOf((byte)'\n', at);
                    if (lineEnd > 0)
                    {
                        bytes.InsertRange(lineEnd + 1, bytes.GetRange(at, lineEnd + 1 - at));
                    }
                    break;
            }
        }
        return [.. bytes];
    }

    private static CallRoute AnyUserTo(string hostPort) =>
        new("any", null, null, "sip:${user}@" + hostPort, "acct", TimeSpan.FromSeconds(30));

    private static async Task<CallSnapshot> AwaitCall(InProcessNode node, string callId, Func<CallSnapshot, bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var reply = await node.Sip.Directory.Ask<object>(new GetCall(callId), Wait);
            if (reply is CallSnapshot snapshot && condition(snapshot))
            {
                return snapshot;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"call {callId} never reached the condition; last reply {reply}");
            }
            await Task.Delay(20);
        }
    }

    private static async Task AwaitCondition(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met in time");
            }
            await Task.Delay(10);
        }
    }

    private const string Sdp = "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
}
