using CallActors.Calls.Status;
using static CallActors.Calls.Status.CallStatus;
using static CallActors.Calls.Tests.Inspection.SipDialogueBuilder;

namespace CallActors.Calls.Tests.Inspection;

/// <summary>The calls the inspector is tested on, by name: each a realistic B2BUA ladder with the status the call
/// status machine gives it. Times are seconds after <see cref="SipDialogueBuilder.T0"/>.</summary>
internal static class InspectionScenarios
{
    public static readonly IReadOnlyDictionary<string, Func<InspectionScenario>> All = new Dictionary<string, Func<InspectionScenario>>
    {
        ["answered"] = () => Answered(pdd: 0.8, media: MediaSamples.Sample(At(32.9), 1500, 1490)),
        ["answered, media not anchored"] = () => Answered(pdd: 0.8, media: null),
        ["answered, long PDD"] = () => Answered(pdd: 7.2, media: MediaSamples.Sample(At(32.9), 1500, 1490)),
        ["answered, PDD at the threshold"] = () => Answered(pdd: 5.0, media: MediaSamples.Sample(At(32.9), 1500, 1490)),
        ["answered, no audio"] = () => Answered(pdd: 0.8, media: MediaSamples.Sample(At(32.9), 0, 0)),
        ["answered, caller silent"] = () => Answered(pdd: 0.8, media: MediaSamples.Sample(At(32.9), 0, 1490)),
        ["answered, callee silent"] = () => Answered(pdd: 0.8, media: MediaSamples.Sample(At(32.9), 1500, 0)),
        ["answered, ACK in flight"] = AckInFlight,
        ["answered, caller never ACKs"] = CallerNeverAcks,
        ["answered, re-INVITE never ACKed by the node"] = ReinviteNotAcked,
        ["answered, retransmissions"] = Retransmissions,
        ["media timeout"] = () => MediaTimeout(MediaSamples.Sample(At(64.9), 3000, 100, callerLast: At(64.88), calleeLast: At(4.9))),
        ["media timeout, media not sampled"] = () => MediaTimeout(null),
        ["busy"] = () => CalleeRefuses(486, "Busy Here", Busy),
        ["busy, with a media sample"] = () => CalleeRefuses(486, "Busy Here", Busy) with { Media = MediaSamples.Sample(At(2.102), 0, 0) },
        ["callee 503"] = () => CalleeRefuses(503, "Service Unavailable", Failed),
        ["callee 407 challenge"] = () => CalleeRefuses(407, "Proxy Authentication Required", Failed),
        ["callee 401 challenge"] = () => CalleeRefuses(401, "Unauthorized", Failed),
        ["cancelled"] = Cancelled,
        ["ring timeout"] = RingTimeout,
        ["callee never responds"] = CalleeNeverResponds,
        ["refused 404 No Route"] = () => Refused(404, "No Route"),
        ["refused 503 Media Unavailable"] = () => Refused(503, "Media Unavailable"),
        ["refused 482 Call-ID Already Used"] = () => Refused(482, "Call-ID Already Used"),
        ["refused 483 Too Many Hops"] = () => Refused(483, "Too Many Hops"),
        ["refused 404, caller never ACKs"] = () => Refused(404, "No Route", ack: false),
        ["callee 487 nobody asked for"] = () => CalleeRefuses(487, "Request Terminated", Failed),
        ["ringing"] = Ringing,
    };

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var name in All.Keys)
        {
            names.Add(name);
        }
        return names;
    }

    public static InspectionScenario Get(string name) => All[name]();

    public static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

    /// <summary>INVITE, 100, the callee's 180 after <paramref name="pdd"/> seconds, 200 2.1 s later, both ACKs, and the
    /// caller's BYE 30 s after the answer.</summary>
    private static InspectionScenario Answered(double pdd, MediaStatsSampled? media)
    {
        var answer = pdd + 2.1;
        var dialogue = Setup(pdd)
            .At(answer).CalleeAnswers(200, "OK").At(answer + 0.001).NodeAnswersCaller(200, "OK")
            .At(answer + 0.05).CallerSends("ACK").At(answer + 0.051).NodeSendsCallee("ACK")
            .At(answer + 30).CallerSends("BYE", 2).At(answer + 30.001).NodeAnswersCaller(200, "OK", "BYE", 2)
            .At(answer + 30.002).NodeSendsCallee("BYE", 2).At(answer + 30.05).CalleeAnswers(200, "OK", "BYE", 2);
        return new(Started(), Ended(Completed, pdd, answer, answer + 30, 200, SipHangupCauses.NormalClearing, HangupSource.Caller),
            dialogue.Chunks, media);
    }

    /// <summary>The answer was relayed a moment ago; the caller's ACK (and so the node's) has not arrived yet.</summary>
    private static InspectionScenario AckInFlight()
    {
        var dialogue = Setup(0.8).At(2.9).CalleeAnswers(200, "OK").At(2.901).NodeAnswersCaller(200, "OK");
        return new(Started(), new CallStatusState(Ongoing, T0, At(0.8), At(2.9), null, TimeSpan.FromSeconds(0.8), 200, null, null),
            dialogue.Chunks, null);
    }

    /// <summary>The caller never ACKs the relayed 200: the node retransmits it (T1 doubling to T2), so it never ACKs the
    /// callee's either, and after 64*T1 tears the call down.</summary>
    private static InspectionScenario CallerNeverAcks()
    {
        var dialogue = Setup(0.8).At(2.9).CalleeAnswers(200, "OK").At(2.901).NodeAnswersCaller(200, "OK");
        foreach (var at in (double[])[3.401, 4.401, 6.401, 10.401, 14.401, 18.401])
        {
            dialogue.At(at).Again();
        }
        dialogue.At(34.901).NodeSendsCaller("BYE", 1).At(34.902).NodeSendsCallee("BYE", 2)
            .At(34.95).CalleeAnswers(200, "OK", "BYE", 2);
        return new(Started(), Ended(Completed, 0.8, 2.9, 34.901, 200, SipHangupCauses.RecoveryOnTimerExpire, HangupSource.Timeout),
            dialogue.Chunks, MediaSamples.Sample(At(34.901), 1500, 1490));
    }

    /// <summary>The callee re-INVITEs (its CSeq 101); the node re-INVITEs the caller with its own first CSeq on that leg
    /// (1, the same number as the caller's INVITE, the other way, so the caller's 100 Trying to it reads exactly like
    /// the node's to the caller's INVITE but for its direction); the caller's 200 is relayed and the callee ACKs, but
    /// the node never ACKs the caller's 200.</summary>
    private static InspectionScenario ReinviteNotAcked()
    {
        var dialogue = Setup(0.8)
            .At(2.9).CalleeAnswers(200, "OK").At(2.901).NodeAnswersCaller(200, "OK")
            .At(2.95).CallerSends("ACK").At(2.951).NodeSendsCallee("ACK")
            .At(10).CalleeSends("INVITE", 101).At(10.001).NodeSendsCaller("INVITE", 1)
            .At(10.01).CallerAnswers(100, "Trying", "INVITE", 1).At(10.1).CallerAnswers(200, "OK", "INVITE", 1).At(10.101).NodeAnswersCallee(200, "OK", "INVITE", 101)
            .At(10.15).CalleeSends("ACK", 101)
            .At(40).CallerSends("BYE", 2).At(40.001).NodeAnswersCaller(200, "OK", "BYE", 2)
            .At(40.002).NodeSendsCallee("BYE", 2).At(40.05).CalleeAnswers(200, "OK", "BYE", 2);
        return new(Started(), Ended(Completed, 0.8, 2.9, 40, 200, SipHangupCauses.NormalClearing, HangupSource.Caller),
            dialogue.Chunks, MediaSamples.Sample(At(40), 1900, 1890));
    }

    /// <summary>The caller's INVITE arrives twice (the node re-sends its 100), the callee does not hear the node's first
    /// INVITE (timer A re-sends it), and the callee re-sends its 200 once, which the node ACKs again.</summary>
    private static InspectionScenario Retransmissions()
    {
        var dialogue = new SipDialogueBuilder()
            .At(0).CallerSends("INVITE").At(0.001).NodeAnswersCaller(100, "Trying").At(0.002).NodeSendsCallee("INVITE")
            .At(0.5).CallerSends("INVITE").At(0.5001).NodeAnswersCaller(100, "Trying")
            .At(0.502).NodeSendsCallee("INVITE")
            .At(0.52).CalleeAnswers(100, "Trying").At(0.8).CalleeAnswers(180, "Ringing").At(0.801).NodeAnswersCaller(180, "Ringing")
            .At(2.9).CalleeAnswers(200, "OK").At(2.901).NodeAnswersCaller(200, "OK")
            .At(2.95).CallerSends("ACK").At(2.951).NodeSendsCallee("ACK").At(3.4).CalleeAnswers(200, "OK").At(3.401).NodeSendsCallee("ACK")
            .At(32.9).CallerSends("BYE", 2).At(32.901).NodeAnswersCaller(200, "OK", "BYE", 2)
            .At(32.902).NodeSendsCallee("BYE", 2).At(32.95).CalleeAnswers(200, "OK", "BYE", 2);
        return new(Started(), Ended(Completed, 0.8, 2.9, 32.9, 200, SipHangupCauses.NormalClearing, HangupSource.Caller),
            dialogue.Chunks, MediaSamples.Sample(At(32.9), 1500, 1490));
    }

    /// <summary>Answered at 2.9 s; the callee's RTP stopped at 4.9 s and the media timeout (60 s) hung up at 64.9 s.</summary>
    private static InspectionScenario MediaTimeout(MediaStatsSampled? media)
    {
        var dialogue = Setup(0.8)
            .At(2.9).CalleeAnswers(200, "OK").At(2.901).NodeAnswersCaller(200, "OK")
            .At(2.95).CallerSends("ACK").At(2.951).NodeSendsCallee("ACK")
            .At(64.9).NodeSendsCaller("BYE", 1).At(64.901).NodeSendsCallee("BYE", 2)
            .At(64.95).CallerAnswers(200, "OK", "BYE", 1).At(64.96).CalleeAnswers(200, "OK", "BYE", 2);
        return new(Started(), Ended(Completed, 0.8, 2.9, 64.9, 200, SipHangupCauses.MediaTimeout, HangupSource.MediaTimeout),
            dialogue.Chunks, media);
    }

    /// <summary>The callee rings and then ends the INVITE with <paramref name="code"/> 2.1 s after the node's INVITE;
    /// the node ACKs it and relays it to the caller, who ACKs.</summary>
    private static InspectionScenario CalleeRefuses(int code, string reason, CallStatus status)
    {
        var dialogue = Setup(0.8)
            .At(2.102).CalleeAnswers(code, reason).At(2.1021).NodeSendsCallee("ACK")
            .At(2.103).NodeAnswersCaller(code, reason).At(2.15).CallerSends("ACK");
        return new(Started(), Ended(status, 0.8, null, 2.102, code, SipHangupCauses.FromSipCode(code), HangupSource.Callee),
            dialogue.Chunks, null);
    }

    /// <summary>The caller CANCELs while the callee rings; both INVITEs end 487, both ACKed.</summary>
    private static InspectionScenario Cancelled()
    {
        var dialogue = Setup(0.8)
            .At(5).CallerSends("CANCEL").At(5.0001).NodeAnswersCaller(200, "OK", "CANCEL").At(5.0002).NodeAnswersCaller(487, "Request Terminated")
            .At(5.001).NodeSendsCallee("CANCEL").At(5.02).CalleeAnswers(200, "OK", "CANCEL")
            .At(5.03).CalleeAnswers(487, "Request Terminated").At(5.0301).NodeSendsCallee("ACK")
            .At(5.05).CallerSends("ACK");
        return new(Started(), Ended(CallStatus.Cancelled, 0.8, null, 5, 487, SipHangupCauses.OriginatorCancel, HangupSource.Caller),
            dialogue.Chunks, null);
    }

    /// <summary>The callee rings for the route's 30 s: the node answers the caller 480 and CANCELs the callee.</summary>
    private static InspectionScenario RingTimeout()
    {
        var dialogue = Setup(0.8)
            .At(30).NodeAnswersCaller(480, "Temporarily Unavailable").At(30.001).NodeSendsCallee("CANCEL")
            .At(30.02).CalleeAnswers(200, "OK", "CANCEL").At(30.03).CalleeAnswers(487, "Request Terminated")
            .At(30.0301).NodeSendsCallee("ACK").At(30.05).CallerSends("ACK");
        return new(Started(), Ended(NoAnswer, 0.8, null, 30, 480, SipHangupCauses.NoAnswer, HangupSource.Timeout),
            dialogue.Chunks, null);
    }

    /// <summary>The node's INVITE to the callee is retransmitted by timer A (0.5, 1, 2, 4, 8, 16 s apart) and never
    /// answered; timer B (32 s) fails the call with 408 to the caller.</summary>
    private static InspectionScenario CalleeNeverResponds()
    {
        var dialogue = new SipDialogueBuilder()
            .At(0).CallerSends("INVITE").At(0.001).NodeAnswersCaller(100, "Trying").At(0.002).NodeSendsCallee("INVITE");
        foreach (var at in (double[])[0.502, 1.502, 3.502, 7.502, 15.502, 31.502])
        {
            dialogue.At(at).Again();
        }
        dialogue.At(32.002).NodeAnswersCaller(408, "Request Timeout").At(32.05).CallerSends("ACK");
        return new(Started(), Ended(Failed, null, null, 32.002, 408, SipHangupCauses.RecoveryOnTimerExpire, HangupSource.Timeout),
            dialogue.Chunks, null);
    }

    /// <summary>The node refuses the caller's INVITE itself: no callee leg, no route chosen.</summary>
    private static InspectionScenario Refused(int code, string reason, bool ack = true)
    {
        var dialogue = new SipDialogueBuilder().At(0).CallerSends("INVITE").At(0.001).NodeAnswersCaller(code, reason);
        if (ack)
        {
            dialogue.At(0.03).CallerSends("ACK");
        }
        var started = Started() with { CalleeCallId = null, Route = null, Target = null };
        return new(started, Ended(Failed, null, null, 0.001, code, SipHangupCauses.FromSipCode(code), HangupSource.None),
            dialogue.Chunks, null);
    }

    /// <summary>A call still ringing: nothing has ended.</summary>
    private static InspectionScenario Ringing()
    {
        var dialogue = Setup(0.8);
        return new(Started(), new CallStatusState(CallStatus.Ringing, T0, At(0.8), null, null, TimeSpan.FromSeconds(0.8), null, null, null),
            dialogue.Chunks, null);
    }

    /// <summary>The caller's INVITE and the node's 100, the INVITE to the callee, its 100, and its 180 after
    /// <paramref name="pdd"/> s, relayed.</summary>
    private static SipDialogueBuilder Setup(double pdd) => new SipDialogueBuilder()
        .At(0).CallerSends("INVITE").At(0.001).NodeAnswersCaller(100, "Trying")
        .At(0.002).NodeSendsCallee("INVITE").At(0.02).CalleeAnswers(100, "Trying")
        .At(pdd).CalleeAnswers(180, "Ringing").At(pdd + 0.001).NodeAnswersCaller(180, "Ringing");

    private static CallStarted Started() => new(
        CallerCallId,
        CallerCallId,
        CalleeCallId,
        $"\"Alice\" <sip:alice@{CallerAddress}>;tag=1928301774",
        $"<sip:+4930123456@{NodeAddress}>",
        $"sip:+4930123456@{NodeAddress}",
        "Zoiper rv2.10.20.2",
        CallerAddress,
        "carrier-a",
        null,
        $"sip:+4930123456@{CalleeAddress}",
        Node,
        T0);

    private static CallStatusState Ended(
        CallStatus status, double? pdd, double? answered, double ended, int code, string cause, HangupSource source) => new(
        status,
        T0,
        pdd is { } ringing && (answered is null || ringing < answered) ? At(ringing) : null,
        answered is { } a ? At(a) : null,
        At(ended),
        pdd is { } p ? TimeSpan.FromSeconds(p) : null,
        code,
        cause,
        source);
}
