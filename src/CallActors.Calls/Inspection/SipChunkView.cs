using CallActors.Calls.Dialogue;
using CallActors.Sip.Messages;
using CallActors.Sip.Transport;

namespace CallActors.Calls.Inspection;

/// <summary>The parts of a recorded message the analysis compares: request method or status, CSeq, the first Via's
/// branch and the To tag. Read from the chunk's lines, so a dialogue recorded long ago is read the same way.</summary>
internal sealed record SipChunkView(
    int Index,
    DialogueChunk Chunk,
    string? Method,
    int StatusCode,
    string ReasonPhrase,
    uint? CSeqNumber,
    string? CSeqMethod,
    string? ViaBranch,
    string? ToTag)
{
    public bool IsRequest => Method is not null;

    public bool IsResponse => Method is null && StatusCode > 0;

    public bool IsFinalResponse => IsResponse && StatusCode >= 200;

    public CallLeg Leg => Chunk.Leg;

    public SipTraceDirection Direction => Chunk.Direction;

    public string SipCallId => Chunk.SipCallId;

    public DateTimeOffset Timestamp => Chunk.Timestamp;

    /// <summary>"486 Busy Here": the code and the phrase on the wire, or the standard phrase when it had none.</summary>
    public string Status => $"{StatusCode} {(ReasonPhrase.Length > 0 ? ReasonPhrase : SipStatusCodes.ReasonPhrase(StatusCode))}";

    /// <summary>A request with <paramref name="method"/>.</summary>
    public bool IsRequestOf(string method) => string.Equals(Method, method, StringComparison.OrdinalIgnoreCase);

    /// <summary>A response to a request with <paramref name="method"/>.</summary>
    public bool IsResponseTo(string method) => IsResponse && string.Equals(CSeqMethod, method, StringComparison.OrdinalIgnoreCase);

    /// <summary>Same leg, same SIP Call-ID and same CSeq number: the same transaction, or its CANCEL and ACK.</summary>
    public bool SharesCSeqWith(SipChunkView other) =>
        Leg == other.Leg && CSeqNumber is not null && CSeqNumber == other.CSeqNumber &&
        string.Equals(SipCallId, other.SipCallId, StringComparison.Ordinal);

    /// <summary>What makes two copies the same message: requests by start line, CSeq and first Via branch (RFC 3261
    /// §17.2.3 matches a retransmitted request by its branch); responses by status line, CSeq and To tag.</summary>
    public (CallLeg Leg, SipTraceDirection Direction, string SipCallId, string Label, string? CSeq, string? Id) RetransmissionKey =>
        (Leg, Direction, SipCallId, Chunk.Label, Chunk.CSeq, IsRequest ? ViaBranch : ToTag);

    public static SipChunkView From(int index, DialogueChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        string? method = null;
        var statusCode = 0;
        var reason = string.Empty;
        var label = chunk.Label.AsSpan().Trim();
        if (label.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase))
        {
            // SIP/2.0 486 Busy Here
            var rest = label[(label.IndexOf(' ') + 1)..].TrimStart();
            var space = rest.IndexOf(' ');
            var code = space < 0 ? rest : rest[..space];
            if (int.TryParse(code, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                statusCode = parsed;
                reason = space < 0 ? string.Empty : rest[(space + 1)..].Trim().ToString();
            }
        }
        else if (!label.IsEmpty)
        {
            var space = label.IndexOf(' ');
            method = (space < 0 ? label : label[..space]).ToString().ToUpperInvariant();
        }

        var headers = ReadHeaders(chunk.Raw);
        CSeqHeader? cseq = CSeqHeader.TryParse(chunk.CSeq ?? headers.CSeq ?? string.Empty, out var parsedCSeq, out _) ? parsedCSeq : null;
        string? branch = null;
        if (headers.Via is { } via && ViaHeader.TryParse(SipValueList.First(via), out var parsedVia, out _))
        {
            branch = parsedVia.Branch;
        }
        string? toTag = null;
        if (headers.To is { } to && NameAddress.TryParse(to, out var parsedTo, out _))
        {
            toTag = parsedTo.Tag;
        }
        return new SipChunkView(index, chunk, method, statusCode, reason, cseq?.Number, cseq?.Method, branch, toTag);
    }

    /// <summary>The first Via, To and CSeq values among the header lines (compact forms and folded lines included).</summary>
    private static (string? Via, string? To, string? CSeq) ReadHeaders(IReadOnlyList<string> raw)
    {
        string? via = null, to = null, cseq = null;
        string? current = null;
        var value = new System.Text.StringBuilder();

        void Flush()
        {
            switch (current)
            {
                case SipHeaderNames.Via when via is null:
                    via = value.ToString();
                    break;
                case SipHeaderNames.To when to is null:
                    to = value.ToString();
                    break;
                case SipHeaderNames.CSeq when cseq is null:
                    cseq = value.ToString();
                    break;
            }
            current = null;
            value.Clear();
        }

        for (var i = 1; i < raw.Count; i++)
        {
            var line = raw[i];
            if (line.Length == 0)
            {
                break;
            }
            if (line[0] is ' ' or '\t')
            {
                // A folded continuation of the previous header (RFC 3261 §7.3.1).
                value.Append(' ').Append(line.AsSpan().Trim());
                continue;
            }
            Flush();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }
            current = SipHeaderNames.Canonicalize(line.AsSpan(0, colon).Trim());
            value.Append(line.AsSpan(colon + 1).Trim());
        }
        Flush();
        return (via, to, cseq);
    }
}
