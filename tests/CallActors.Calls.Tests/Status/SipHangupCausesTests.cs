using CallActors.Calls.Status;

namespace CallActors.Calls.Tests.Status;

public sealed class SipHangupCausesTests
{
    [Theory]
    // RFC 3398 §8.2.6.1 (and FreeSWITCH's sofia_glue_sip_cause_to_freeswitch where they agree).
    [InlineData(200, "NORMAL_CLEARING")]
    [InlineData(400, "NORMAL_TEMPORARY_FAILURE")]
    [InlineData(401, "CALL_REJECTED")]
    [InlineData(402, "CALL_REJECTED")]
    [InlineData(403, "CALL_REJECTED")]
    [InlineData(404, "UNALLOCATED_NUMBER")]
    [InlineData(405, "SERVICE_UNAVAILABLE")]
    [InlineData(406, "SERVICE_NOT_IMPLEMENTED")]
    [InlineData(407, "CALL_REJECTED")]
    [InlineData(408, "RECOVERY_ON_TIMER_EXPIRE")]
    [InlineData(410, "NUMBER_CHANGED")]
    [InlineData(413, "INTERWORKING")]
    [InlineData(415, "SERVICE_NOT_IMPLEMENTED")]
    [InlineData(420, "INTERWORKING")]
    [InlineData(480, "NO_USER_RESPONSE")]
    [InlineData(481, "NORMAL_TEMPORARY_FAILURE")]
    [InlineData(482, "EXCHANGE_ROUTING_ERROR")]
    [InlineData(483, "EXCHANGE_ROUTING_ERROR")]
    [InlineData(484, "INVALID_NUMBER_FORMAT")]
    [InlineData(485, "UNALLOCATED_NUMBER")]
    [InlineData(486, "USER_BUSY")]
    [InlineData(487, "ORIGINATOR_CANCEL")]
    [InlineData(488, "INCOMPATIBLE_DESTINATION")]
    [InlineData(500, "NORMAL_TEMPORARY_FAILURE")]
    [InlineData(501, "SERVICE_NOT_IMPLEMENTED")]
    [InlineData(502, "NETWORK_OUT_OF_ORDER")]
    [InlineData(503, "NORMAL_TEMPORARY_FAILURE")]
    [InlineData(504, "RECOVERY_ON_TIMER_EXPIRE")]
    [InlineData(505, "INTERWORKING")]
    [InlineData(513, "INTERWORKING")]
    [InlineData(600, "USER_BUSY")]
    [InlineData(603, "CALL_REJECTED")]
    [InlineData(604, "UNALLOCATED_NUMBER")]
    [InlineData(606, "INCOMPATIBLE_DESTINATION")]
    [InlineData(302, "NORMAL_UNSPECIFIED")]
    [InlineData(499, "NORMAL_UNSPECIFIED")]
    [InlineData(580, "NORMAL_UNSPECIFIED")]
    public void A_SIP_code_maps_to_its_cause(int statusCode, string cause)
    {
        Assert.Equal(cause, SipHangupCauses.FromSipCode(statusCode));
    }

    [Theory]
    // RFC 3398 §7.2.4.1 (and FreeSWITCH's hangup_cause_to_sip), except RECOVERY_ON_TIMER_EXPIRE (408, see the code).
    [InlineData("UNALLOCATED_NUMBER", 404)]
    [InlineData("NO_ROUTE_DESTINATION", 404)]
    [InlineData("USER_BUSY", 486)]
    [InlineData("NO_USER_RESPONSE", 408)]
    [InlineData("NO_ANSWER", 480)]
    [InlineData("SUBSCRIBER_ABSENT", 480)]
    [InlineData("CALL_REJECTED", 603)]
    [InlineData("NUMBER_CHANGED", 410)]
    [InlineData("DESTINATION_OUT_OF_ORDER", 502)]
    [InlineData("INVALID_NUMBER_FORMAT", 484)]
    [InlineData("FACILITY_REJECTED", 501)]
    [InlineData("NORMAL_UNSPECIFIED", 480)]
    [InlineData("NORMAL_CIRCUIT_CONGESTION", 503)]
    [InlineData("NETWORK_OUT_OF_ORDER", 503)]
    [InlineData("NORMAL_TEMPORARY_FAILURE", 503)]
    [InlineData("SWITCH_CONGESTION", 503)]
    [InlineData("OUTGOING_CALL_BARRED", 403)]
    [InlineData("INCOMPATIBLE_DESTINATION", 488)]
    [InlineData("SERVICE_NOT_IMPLEMENTED", 501)]
    [InlineData("RECOVERY_ON_TIMER_EXPIRE", 408)]
    [InlineData("ORIGINATOR_CANCEL", 487)]
    [InlineData("EXCHANGE_ROUTING_ERROR", 483)]
    [InlineData("INTERWORKING", 500)]
    [InlineData("NODE_RESTARTED", 500)]
    [InlineData("user_busy", 486)]
    [InlineData("SOMETHING_ELSE", 480)]
    public void A_cause_maps_to_the_SIP_code_a_leg_is_ended_with(string cause, int statusCode)
    {
        Assert.Equal(statusCode, SipHangupCauses.ToSipCode(cause));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(408)]
    [InlineData(484)]
    [InlineData(486)]
    [InlineData(487)]
    [InlineData(488)]
    [InlineData(603)]
    public void The_codes_with_a_cause_of_their_own_survive_the_round_trip(int statusCode)
    {
        Assert.Equal(statusCode, SipHangupCauses.ToSipCode(SipHangupCauses.FromSipCode(statusCode)));
    }
}
