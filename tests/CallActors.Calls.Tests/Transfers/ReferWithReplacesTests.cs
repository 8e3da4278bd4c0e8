using CallActors.Calls.Tests.Infrastructure;
using CallActors.Sip.Messages;

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
        await using var net = await TransferNet.StartAsync("127.0.65", 44750, 44799);
        var call = await net.PlaceCallAsync("bob", "malformed@test");

        var refused = await net.ReferAsync(call, $"<sip:bob@{net.NodeEndPoint}?Replaces=abc%40host%3Bto-tag%3D1>");

        Assert.Equal((400, "Bad Replaces In Refer-To"), (refused.StatusCode, refused.ReasonPhrase));
        Assert.Empty(await net.TransfersAsync(call));
    }

    [Fact]
    public async Task A_replaces_naming_the_call_itself_or_another_calls_dialog_with_the_wrong_tags_is_refused_with_403()
    {
        await using var net = await TransferNet.StartAsync("127.0.66", 44800, 44849);
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
        await using var net = await TransferNet.StartAsync("127.0.67", 44850, 44899);
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
        await using var net = await TransferNet.StartAsync("127.0.68", 44900, 44949);
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
}
