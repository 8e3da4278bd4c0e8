using System.Globalization;
using System.Text;
using static CallActors.Calls.Inspection.InspectionText;

namespace CallActors.Calls.Inspection;

/// <summary>Rule 3, <c>retransmissions</c>: copies of a message already on the same leg in the same direction
/// (requests: same start line, CSeq and first Via branch; responses: same status line, CSeq and To tag), which say a
/// peer or the node did not hear an answer in time (lost packets, a slow or unreachable peer). One warning per leg
/// with the count by message, pointing at the first copy.</summary>
internal static class RetransmissionRule
{
    public static IEnumerable<CallFinding> Find(InspectionContext context)
    {
        foreach (var leg in (CallLeg[])[CallLeg.Caller, CallLeg.Callee])
        {
            var counts = new List<(string What, int Count)>();
            int? first = null;
            var total = 0;
            foreach (var message in context.Messages)
            {
                if (message.Leg != leg || !context.IsRetransmission(message))
                {
                    continue;
                }
                first ??= message.Index;
                total++;
                var what = Describe(message);
                var at = counts.FindIndex(c => c.What == what);
                if (at < 0)
                {
                    counts.Add((what, 1));
                }
                else
                {
                    counts[at] = (what, counts[at].Count + 1);
                }
            }
            if (total == 0)
            {
                continue;
            }
            var summary = new StringBuilder();
            foreach (var (what, count) in counts)
            {
                summary.Append(summary.Length == 0 ? string.Empty : ", ").Append(CultureInfo.InvariantCulture, $"{what} ×{count}");
            }
            var plural = total == 1 ? "retransmission" : "retransmissions";
            yield return new CallFinding(CallFindingTypes.Retransmissions, CallFindingSeverities.Warning, null, LegName(leg),
                string.Create(CultureInfo.InvariantCulture, $"{total} {plural} on the {LegName(leg)} leg: {summary}"), first);
        }
    }

    /// <summary>"INVITE sent", "200 OK to INVITE received".</summary>
    private static string Describe(SipChunkView message) =>
        message.IsRequest
            ? $"{message.Method} {DirectionName(message.Direction)}"
            : $"{message.Status} to {message.CSeqMethod ?? "?"} {DirectionName(message.Direction)}";
}
