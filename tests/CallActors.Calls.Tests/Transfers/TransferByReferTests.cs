using CallActors.Calls.B2bua;
using CallActors.Calls.Tests.Infrastructure;
using CallActors.Calls.Transfers;
using CallActors.Sip.Messages;

namespace CallActors.Calls.Tests.Transfers;

/// <summary>An API blind transfer on a node with blind-transfer-by-refer, on real SIP legs through an in-process node:
/// what the node does when the kept party takes no REFER, refuses it, or reports a failed call in its NOTIFY. The
/// successful path (REFER, NOTIFY 100 then 200, the party hangs up) runs against sipp in the interop tests. Each test
/// has its own 127.0.6x addresses and relay ports.</summary>
public sealed class TransferByReferTests
{
    private static readonly B2buaOptions ByRefer = new() { BlindTransferByRefer = true };

    [Fact]
    public async Task A_kept_party_without_refer_in_its_allow_is_re_bridged_by_the_node()
    {
        await using var net = await TransferNet.StartAsync("127.0.69", 44950, 44999, ByRefer);
        var call = await net.PlaceCallAsync("bob", "no-refer@test", allow: "INVITE, ACK, CANCEL, BYE");

        await net.StartTransferAsync(call, TransferKind.Blind, "carol");

        // The node dials carol itself.
        var invite = await net.NextInviteToCalleeAsync(except: call.CalleeCallId);
        Assert.StartsWith("sip:carol@", invite.RequestUri.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kept_party_that_refuses_the_refer_is_re_bridged_by_the_node()
    {
        await using var net = await TransferNet.StartAsync("127.0.71", 45000, 45049, ByRefer);
        var call = await net.PlaceCallAsync("bob", "refuses@test", allow: "INVITE, ACK, CANCEL, BYE, REFER, NOTIFY");

        await net.StartTransferAsync(call, TransferKind.Blind, "carol");
        var refer = await TransferNet.NextRequestToCallerAsync(call, SipMethods.Refer);
        Assert.StartsWith($"<sip:carol@{net.NodeEndPoint.Address}", refer.Headers.Get(SipHeaderNames.ReferTo), StringComparison.Ordinal);
        net.ReplyAsCaller(call, refer, 603);

        var invite = await net.NextInviteToCalleeAsync(except: call.CalleeCallId);
        Assert.StartsWith("sip:carol@", invite.RequestUri.ToString(), StringComparison.Ordinal);
        var transfer = Assert.Single(await net.TransfersAsync(call));
        Assert.Equal(TransferStatus.Dialing, transfer.Status);
    }

    [Fact]
    public async Task A_notify_reporting_busy_fails_the_transfer_and_the_call_goes_on_with_the_original_party()
    {
        await using var net = await TransferNet.StartAsync("127.0.72", 45050, 45099, ByRefer);
        var call = await net.PlaceCallAsync("bob", "busy-notify@test", allow: "INVITE, ACK, CANCEL, BYE, REFER, NOTIFY");

        var id = await net.StartTransferAsync(call, TransferKind.Blind, "carol");
        var refer = await TransferNet.NextRequestToCallerAsync(call, SipMethods.Refer);
        net.ReplyAsCaller(call, refer, 202);
        Assert.Equal(200, (await net.NotifyAsync(call, 2, "SIP/2.0 100 Trying", terminated: false)).StatusCode);
        Assert.Equal(200, (await net.NotifyAsync(call, 3, "SIP/2.0 180 Ringing", terminated: false)).StatusCode);
        Assert.Equal(200, (await net.NotifyAsync(call, 4, "SIP/2.0 486 Busy Here", terminated: true)).StatusCode);

        var transfer = Assert.Single(await net.TransfersAsync(call));
        Assert.Equal(id, transfer.Id);
        Assert.Equal((TransferStatus.Failed, "busy", TransferOutcomes.Reconnected), (transfer.Status, transfer.FailureCause, transfer.Outcome));
        Assert.Equal(
            [TransferStatus.Requested, TransferStatus.Dialing, TransferStatus.Ringing, TransferStatus.Failed],
            transfer.History.Select(h => h.Status).ToArray());
        Assert.Equal("Ongoing", await net.StatusAsync(call));
        // One attempt, carried out by the caller: the node dialled nobody.
        Assert.Single(transfer.RoutingAttempts);
    }
}
