namespace CallActors.Calls.Inspection;

/// <summary>One SIP message in Kazoo call-inspector chunk form (Kazoo key names, snake_case when serialized by the
/// edge), plus the leg and direction.</summary>
/// <param name="Timestamp">When it crossed the wire, in Gregorian seconds (Unix + 62167219200) with a fraction.</param>
/// <param name="RefTimestamp">The same instant as a string with microseconds, as Kazoo writes <c>ref_timestamp</c>.</param>
/// <param name="Label">The start line (request line or status line).</param>
/// <param name="Raw">Every line of the message, headers and body, line ends removed.</param>
/// <param name="Src">The sender, <c>IP:PORT</c>.</param>
/// <param name="Dst">The receiver, <c>IP:PORT</c>.</param>
/// <param name="Parser">Who captured it: <c>&lt;node&gt;/&lt;leg&gt;</c>.</param>
/// <param name="CSeq">The CSeq value, e.g. <c>1 INVITE</c>.</param>
/// <param name="Leg"><c>caller</c> or <c>callee</c>.</param>
/// <param name="Direction"><c>received</c> or <c>sent</c>, seen from the node.</param>
/// <param name="SipCallId">The leg's SIP Call-ID (the two legs of a B2BUA call have different ones).</param>
public sealed record InspectedMessage(
    double Timestamp,
    string RefTimestamp,
    string Label,
    IReadOnlyList<string> Raw,
    string Src,
    string Dst,
    string Parser,
    string? CSeq,
    string Leg,
    string Direction,
    string SipCallId);
