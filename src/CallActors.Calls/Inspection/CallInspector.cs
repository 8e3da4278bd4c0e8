using System.Globalization;
using CallActors.Calls.Dialogue;
using CallActors.Calls.Status;

namespace CallActors.Calls.Inspection;

/// <summary>Builds a call's <see cref="CallInspection"/> from the call actor's state: the recorded dialogue in Kazoo
/// chunk form, the ladder's endpoints, and the analysis Kazoo's call inspector left unwritten. Pure: same inputs, same
/// inspection.</summary>
/// <remarks>
/// The analysis runs these rules, in this order (each rule's class documents its details):
/// <list type="number">
/// <item><c>call_failed</c> (<see cref="CallFailureRule"/>): an unanswered call's end, its side and its cause.</item>
/// <item><c>missing_ack</c> (<see cref="MissingAckRule"/>): a final response to an INVITE never acknowledged.</item>
/// <item><c>retransmissions</c> (<see cref="RetransmissionRule"/>): copies of a message, one summary per leg.</item>
/// <item><c>error_response</c> (<see cref="ErrorResponseRule"/>): each 4xx–6xx but a cancel's 487.</item>
/// <item><c>long_pdd</c> (<see cref="LongPddRule"/>): a post-dial delay above the threshold.</item>
/// <item><c>no_audio</c>, <c>one_way_audio</c> and <c>media_timeout</c> (<see cref="MediaRule"/>).</item>
/// </list>
/// </remarks>
public static class CallInspector
{
    /// <summary>Seconds from 1 January of year 0 (the proleptic Gregorian calendar Erlang counts from, a leap year of
    /// 366 days) to 1 January of year 1, where <see cref="DateTime"/> ticks start. Adding it gives Kazoo's Gregorian
    /// seconds: Unix 0 is 62167219200.</summary>
    private const long YearZeroSeconds = 366L * 24 * 60 * 60;

    /// <summary>Kazoo's Gregorian seconds at the Unix epoch: Unix seconds plus this are Gregorian seconds.</summary>
    public const long UnixEpochInGregorianSeconds = 62_167_219_200;

    public static CallInspection Inspect(
        CallStarted started,
        CallStatusState status,
        IReadOnlyList<DialogueChunk> dialogue,
        MediaStatsSampled? latestMedia,
        CallInspectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(started);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(dialogue);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var messages = new InspectedMessage[dialogue.Count];
        var views = new SipChunkView[dialogue.Count];
        var entities = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < dialogue.Count; i++)
        {
            var chunk = dialogue[i];
            messages[i] = ToMessage(chunk);
            views[i] = SipChunkView.From(i, chunk);
            foreach (var entity in (ReadOnlySpan<string>)[chunk.Src, chunk.Dst])
            {
                if (seen.Add(entity))
                {
                    entities.Add(entity);
                }
            }
        }

        var context = new InspectionContext(started, status, views, latestMedia, options);
        var analysis = new List<CallFinding>();
        analysis.AddRange(CallFailureRule.Find(context));
        analysis.AddRange(MissingAckRule.Find(context));
        analysis.AddRange(RetransmissionRule.Find(context));
        analysis.AddRange(ErrorResponseRule.Find(context));
        analysis.AddRange(LongPddRule.Find(context));
        analysis.AddRange(MediaRule.FindSilence(context));
        analysis.AddRange(MediaRule.FindTimeout(context));
        return new CallInspection(started.CallId, messages, entities, analysis);
    }

    /// <summary>An instant in Kazoo's Gregorian seconds, with the fraction.</summary>
    public static double ToGregorianSeconds(DateTimeOffset at)
    {
        var (seconds, ticks) = GregorianParts(at);
        return seconds + (double)ticks / TimeSpan.TicksPerSecond;
    }

    /// <summary>An instant in Kazoo's Gregorian seconds as a string with microseconds, as Kazoo writes
    /// <c>ref_timestamp</c>, computed from the ticks so the digits are exact.</summary>
    public static string ToGregorianString(DateTimeOffset at)
    {
        var (seconds, ticks) = GregorianParts(at);
        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{ticks / (TimeSpan.TicksPerSecond / 1_000_000):D6}");
    }

    /// <summary>The instant of a Gregorian-seconds value (the inverse of <see cref="ToGregorianSeconds"/>).</summary>
    public static DateTimeOffset FromGregorianSeconds(double gregorianSeconds) =>
        DateTimeOffset.UnixEpoch.AddSeconds(gregorianSeconds - UnixEpochInGregorianSeconds);

    private static (long Seconds, long Ticks) GregorianParts(DateTimeOffset at)
    {
        var seconds = Math.DivRem(at.UtcTicks, TimeSpan.TicksPerSecond, out var ticks);
        return (seconds + YearZeroSeconds, ticks);
    }

    private static InspectedMessage ToMessage(DialogueChunk chunk) => new(
        ToGregorianSeconds(chunk.Timestamp),
        ToGregorianString(chunk.Timestamp),
        chunk.Label,
        chunk.Raw,
        chunk.Src,
        chunk.Dst,
        chunk.Parser,
        chunk.CSeq,
        InspectionText.LegName(chunk.Leg),
        InspectionText.DirectionName(chunk.Direction),
        chunk.SipCallId);
}
