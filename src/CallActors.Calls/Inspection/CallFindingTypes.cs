namespace CallActors.Calls.Inspection;

/// <summary>The values of <see cref="CallFinding.Type"/>, one per analysis rule of <see cref="CallInspector"/>.</summary>
public static class CallFindingTypes
{
    public const string CallFailed = "call_failed";
    public const string MissingAck = "missing_ack";
    public const string Retransmissions = "retransmissions";
    public const string ErrorResponse = "error_response";
    public const string LongPdd = "long_pdd";
    public const string NoAudio = "no_audio";
    public const string OneWayAudio = "one_way_audio";
    public const string MediaTimeout = "media_timeout";
}
