using System.Text;
using CallActors.Sip.Transport;

namespace CallActors.Calls.Dialogue;

/// <summary>One SIP message of a call as it crossed the wire, in Kazoo call-inspector form: the first line as label,
/// every line of the message (headers and body, line ends removed), source and destination as <c>IP:PORT</c>, the
/// parser that saw it (this node and the leg) and the CSeq.</summary>
public sealed record DialogueChunk(
    string SipCallId,
    DateTimeOffset Timestamp,
    string Label,
    IReadOnlyList<string> Raw,
    string Src,
    string Dst,
    string Parser,
    string? CSeq,
    CallLeg Leg,
    SipTraceDirection Direction)
{
    /// <summary>The chunk for a traced message on one leg of a call handled by <paramref name="node"/>.</summary>
    public static DialogueChunk From(SipTraceRecord record, CallLeg leg, string node)
    {
        ArgumentNullException.ThrowIfNull(record);
        var local = record.Local.ToString();
        var remote = record.Remote.Address;
        var received = record.Direction == SipTraceDirection.Received;
        return new DialogueChunk(
            record.Message.CallId ?? string.Empty,
            record.Timestamp,
            record.Message.StartLine,
            SplitLines(record.Raw.Span),
            received ? remote : local,
            received ? local : remote,
            $"{node}/{leg.ToWireName()}",
            record.Message.Headers.Get(Sip.Messages.SipHeaderNames.CSeq)?.Trim(),
            leg,
            record.Direction);
    }

    private static string[] SplitLines(ReadOnlySpan<byte> raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        var lines = text.Split('\n');
        var count = lines.Length;
        // The blank line between headers and body stays (it shows where the body starts); a trailing empty
        // element after the last line end does not.
        if (count > 0 && lines[count - 1].Length == 0)
        {
            count--;
        }
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = lines[i].TrimEnd('\r');
        }
        return result;
    }
}
