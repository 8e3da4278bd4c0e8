using CallActors.Calls.Transfers;

namespace CallActors.Calls.Tests.Transfers;

public sealed class TransferFailureCauseTests
{
    [Theory]
    [InlineData(486, "busy")]
    [InlineData(600, "busy")]
    [InlineData(603, "declined")]
    [InlineData(408, "no_answer")]
    [InlineData(480, "no_answer")]
    [InlineData(487, "no_answer")]
    [InlineData(null, "no_answer")]
    [InlineData(404, "not_found")]
    [InlineData(604, "not_found")]
    [InlineData(484, "address_incomplete")]
    [InlineData(485, "address_incomplete")]
    [InlineData(403, "forbidden")]
    [InlineData(488, "incompatible_media")]
    [InlineData(606, "incompatible_media")]
    [InlineData(503, "service_unavailable")]
    [InlineData(500, "remote_error")]
    [InlineData(502, "remote_error")]
    [InlineData(504, "remote_error")]
    [InlineData(599, "remote_error")]
    [InlineData(400, "rejected")]
    [InlineData(401, "rejected")]
    [InlineData(410, "rejected")]
    [InlineData(415, "rejected")]
    [InlineData(499, "rejected")]
    [InlineData(302, "rejected")]
    [InlineData(607, "rejected")]
    public void A_SIP_code_maps_to_its_failure_cause(int? sipCode, string cause)
    {
        Assert.Equal(cause, TransferStateMachine.FailureCauseFor(sipCode));
    }

    [Fact]
    public void A_reason_from_the_node_replaces_the_cause_of_the_code()
    {
        var state = TransferSteps.Build(TransferSteps.Attended(), TransferSteps.Dial(1), TransferSteps.Ring(2));

        var failed = TransferStateMachine.Apply(state, TransferSteps.Fail(5, 486, "voicemail"));

        Assert.Equal(("voicemail", 486), (failed.FailureCause, failed.SipCode));
        Assert.Equal("voicemail", failed.RoutingAttempts[^1].FailureCause);
    }
}
