namespace CallActors.Calls.Status;

/// <summary>Hangup causes, named as FreeSWITCH and Kazoo name them (Q.850 causes plus a few of their own), and the
/// mapping between them and SIP status codes: SIP → cause follows RFC 3398 §8.2.6.1, cause → SIP follows RFC 3398
/// §7.2.4.1, which is also what FreeSWITCH's mod_sofia does, with the differences noted where they are.</summary>
public static class SipHangupCauses
{
    public const string NormalClearing = "NORMAL_CLEARING";
    public const string NormalUnspecified = "NORMAL_UNSPECIFIED";
    public const string UnallocatedNumber = "UNALLOCATED_NUMBER";
    public const string NoRouteDestination = "NO_ROUTE_DESTINATION";
    public const string UserBusy = "USER_BUSY";
    public const string NoUserResponse = "NO_USER_RESPONSE";
    public const string NoAnswer = "NO_ANSWER";
    public const string SubscriberAbsent = "SUBSCRIBER_ABSENT";
    public const string CallRejected = "CALL_REJECTED";
    public const string NumberChanged = "NUMBER_CHANGED";
    public const string DestinationOutOfOrder = "DESTINATION_OUT_OF_ORDER";
    public const string InvalidNumberFormat = "INVALID_NUMBER_FORMAT";
    public const string FacilityRejected = "FACILITY_REJECTED";
    public const string NormalCircuitCongestion = "NORMAL_CIRCUIT_CONGESTION";
    public const string NetworkOutOfOrder = "NETWORK_OUT_OF_ORDER";
    public const string NormalTemporaryFailure = "NORMAL_TEMPORARY_FAILURE";
    public const string SwitchCongestion = "SWITCH_CONGESTION";
    public const string OutgoingCallBarred = "OUTGOING_CALL_BARRED";
    public const string IncomingCallBarred = "INCOMING_CALL_BARRED";
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";
    public const string ServiceNotImplemented = "SERVICE_NOT_IMPLEMENTED";
    public const string IncompatibleDestination = "INCOMPATIBLE_DESTINATION";
    public const string RecoveryOnTimerExpire = "RECOVERY_ON_TIMER_EXPIRE";
    public const string ExchangeRoutingError = "EXCHANGE_ROUTING_ERROR";
    public const string Interworking = "INTERWORKING";
    public const string OriginatorCancel = "ORIGINATOR_CANCEL";
    public const string MediaTimeout = "MEDIA_TIMEOUT";

    /// <summary>Ours: the node restarted under a call that had not ended.</summary>
    public const string NodeRestarted = "NODE_RESTARTED";

    /// <summary>The cause a final SIP response stands for (RFC 3398 §8.2.6.1); <see cref="NormalUnspecified"/> for a
    /// code the table does not name.</summary>
    public static string FromSipCode(int statusCode) => statusCode switch
    {
        >= 200 and < 300 => NormalClearing,
        401 or 402 or 403 or 407 or 603 => CallRejected,
        // RFC 3398 gives 485 and 604 cause 1 as well; FreeSWITCH (after RFC 4497) says NO_ROUTE_DESTINATION.
        404 or 485 or 604 => UnallocatedNumber,
        405 => ServiceUnavailable,
        406 or 415 or 501 => ServiceNotImplemented,
        408 or 504 => RecoveryOnTimerExpire,
        410 => NumberChanged,
        413 or 414 or 416 or 420 or 421 or 423 or 505 or 513 => Interworking,
        480 => NoUserResponse,
        400 or 481 or 500 or 503 => NormalTemporaryFailure,
        482 or 483 => ExchangeRoutingError,
        484 => InvalidNumberFormat,
        486 or 600 => UserBusy,
        487 => OriginatorCancel,
        488 or 606 => IncompatibleDestination,
        502 => NetworkOutOfOrder,
        _ => NormalUnspecified,
    };

    /// <summary>The SIP code to end a leg with for a cause (RFC 3398 §7.2.4.1); 480 for a cause the table does not
    /// name, as FreeSWITCH does. Names compare case-insensitively.</summary>
    public static int ToSipCode(string cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return cause.ToUpperInvariant() switch
        {
            UnallocatedNumber or NoRouteDestination or "NO_ROUTE_TRANSIT_NET" => 404,
            UserBusy => 486,
            NoUserResponse => 408,
            NoAnswer or SubscriberAbsent or NormalUnspecified => 480,
            CallRejected => 603,
            NumberChanged or "REDIRECTION_TO_NEW_DESTINATION" => 410,
            DestinationOutOfOrder => 502,
            InvalidNumberFormat => 484,
            FacilityRejected or ServiceNotImplemented or "FACILITY_NOT_IMPLEMENTED" => 501,
            NormalCircuitCongestion or NetworkOutOfOrder or NormalTemporaryFailure or SwitchCongestion
                or "REQUESTED_CHAN_UNAVAIL" or "BEARERCAPABILITY_NOTAVAIL" => 503,
            OutgoingCallBarred or IncomingCallBarred or "BEARERCAPABILITY_NOTAUTH" => 403,
            IncompatibleDestination or "BEARERCAPABILITY_NOTIMPL" => 488,
            // RFC 3398 and FreeSWITCH say 504; a B2BUA's own timer is a transaction timeout, which RFC 3261
            // §8.1.3.1 reports as 408, and 408 maps back to this cause.
            RecoveryOnTimerExpire => 408,
            ExchangeRoutingError => 483,
            OriginatorCancel => 487,
            Interworking or NodeRestarted => 500,
            _ => 480,
        };
    }

    /// <summary>The Q.850 cause value of a cause name, as FreeSWITCH numbers them (<c>switch_call_cause_t</c>; its own
    /// causes such as ORIGINATOR_CANCEL 487 and MEDIA_TIMEOUT 604 included); null for a name without one (ours,
    /// NODE_RESTARTED). Names compare case-insensitively.</summary>
    public static int? ToQ850Code(string cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return cause.ToUpperInvariant() switch
        {
            UnallocatedNumber => 1,
            NoRouteDestination => 3,
            NormalClearing => 16,
            UserBusy => 17,
            NoUserResponse => 18,
            NoAnswer => 19,
            SubscriberAbsent => 20,
            CallRejected => 21,
            NumberChanged => 22,
            ExchangeRoutingError => 25,
            DestinationOutOfOrder => 27,
            InvalidNumberFormat => 28,
            FacilityRejected => 29,
            NormalUnspecified => 31,
            NormalCircuitCongestion => 34,
            NetworkOutOfOrder => 38,
            NormalTemporaryFailure => 41,
            SwitchCongestion => 42,
            OutgoingCallBarred => 52,
            IncomingCallBarred => 54,
            ServiceUnavailable => 63,
            ServiceNotImplemented => 79,
            IncompatibleDestination => 88,
            RecoveryOnTimerExpire => 102,
            Interworking => 127,
            OriginatorCancel => 487,
            MediaTimeout => 604,
            _ => null,
        };
    }
}
