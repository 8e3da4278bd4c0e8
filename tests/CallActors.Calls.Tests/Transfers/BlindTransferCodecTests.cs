using CallActors.Calls.Tests.Infrastructure;
using CallActors.Calls.Transfers;
using CallActors.Sip.Messages;
using CallActors.Sip.Sdp;

namespace CallActors.Calls.Tests.Transfers;

/// <summary>The relay does not transcode, so a blind transfer whose target answers another codec than the one the kept
/// party was sending re-INVITEs the kept party with the target's SDP; the same codec needs no re-INVITE. On real SIP legs
/// through an in-process node; each test has its own 127.0.7x addresses and relay ports.</summary>
public sealed class BlindTransferCodecTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_target_answering_pcma_to_a_caller_that_was_sending_pcmu_gets_the_caller_re_invited_with_pcma()
    {
        await using var net = await TransferNet.StartAsync("127.0.73", 45100, 45149);
        var call = await net.PlaceCallAsync("bob", "pcma-target@test", callerCodecs: "0 8");

        await net.StartTransferAsync(call, TransferKind.Blind, "carol");
        var toCarol = await net.NextInviteToCalleeAsync(except: call.CalleeCallId);
        net.AnswerAsCallee(toCarol, "8");

        var reinvite = await TransferNet.NextRequestToCallerAsync(call, SipMethods.Invite);
        Assert.True(SdpParser.TryParse(reinvite.Body.Span, out var offer, out var error), error);
        var audio = Assert.Single(offer.Media);
        Assert.Equal([8], audio.PayloadTypes);
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        await WaitForTransferAsync(net, call, TransferStatus.Completed);
    }

    [Fact]
    public async Task A_target_answering_the_codec_in_use_needs_no_re_invite()
    {
        await using var net = await TransferNet.StartAsync("127.0.74", 45150, 45199);
        var call = await net.PlaceCallAsync("bob", "pcmu-target@test", callerCodecs: "0 8");

        await net.StartTransferAsync(call, TransferKind.Blind, "carol");
        var toCarol = await net.NextInviteToCalleeAsync(except: call.CalleeCallId);
        net.AnswerAsCallee(toCarol, "0");

        await WaitForTransferAsync(net, call, TransferStatus.Completed);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(1);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(await call.Caller.ReceiveAsync(deadline - DateTime.UtcNow) is SipRequest { Method: SipMethods.Invite }, "the caller was re-INVITEd");
        }
    }

    private static async Task WaitForTransferAsync(TransferNet net, PlacedCall call, TransferStatus status)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (Assert.Single(await net.TransfersAsync(call)).Status != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the transfer did not become {status}");
            await Task.Delay(20);
        }
    }
}
