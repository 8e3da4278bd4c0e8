using System.Text;
using Xunit.Sdk;

namespace CallActors.Interop.Tests.Infrastructure;

/// <summary>
/// The SIP ladder a call should leave in the node's dialogue, written one message a line from the node's point of
/// view: <c>caller -> INVITE</c> (the node received an INVITE from the caller), <c>callee &lt;- INVITE</c> (the node
/// sent one to the callee), <c>callee -> 180 INVITE</c> (a response: code and CSeq method). A line starting with
/// <c>~</c> is something that happens inside the node (a timer). The recorded dialogue matches when
/// <list type="bullet">
/// <item>each leg's messages are exactly that leg's lines, in order, and</item>
/// <item>every message the node sent on one leg was recorded after the message that caused it on the other leg: the
/// last received line above it (none after a <c>~</c> line).</item>
/// </list>
/// Messages on different legs that do not cause each other may interleave either way (the callee's 200 may arrive
/// before the node has relayed its 180).
/// </summary>
internal sealed class Ladder
{
    private readonly IReadOnlyList<Line> _lines;

    private Ladder(IReadOnlyList<Line> lines) => _lines = lines;

    public static Ladder Parse(string text)
    {
        var lines = new List<Line>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('~'))
            {
                lines.Add(new Line(null, false, line));
                continue;
            }

            var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || parts[0] is not ("caller" or "callee") || parts[1] is not ("->" or "<-"))
            {
                throw new FormatException($"ladder line '{line}': expected 'caller|callee ->|<- WHAT' or '~ comment'");
            }

            lines.Add(new Line(parts[0], parts[1] == "->", $"{parts[0]} {parts[1]} {parts[2]}"));
        }

        return new Ladder(lines);
    }

    /// <summary>Fails the test, showing both ladders, unless the call's dialogue matches. A 2xx retransmission the
    /// ladder does not list (a 200 to an INVITE, or an ACK, with the same CSeq again) is left out of the comparison:
    /// under load a far end may send its 200 again before the relayed ACK reaches it. Any other repeat counts.</summary>
    public void AssertMatches(CallRecord call)
    {
        if (Mismatch(call) is { } problem)
        {
            throw new XunitException(problem);
        }
    }

    /// <summary>Null when the call's dialogue matches; otherwise what differs, with both ladders.</summary>
    public string? Mismatch(CallRecord call)
    {
        var recorded = call.Dialogue;
        var position = new Dictionary<Line, int>();
        foreach (var leg in new[] { "caller", "callee" })
        {
            var expected = _lines.Where(l => l.Leg == leg).ToList();
            var actual = WithoutRetransmissions(recorded.Select((message, index) => (message, index)).Where(m => m.message.Leg == leg), expected);
            if (!expected.Select(l => l.Step).SequenceEqual(actual.Select(m => m.Message.Step)))
            {
                return Describe(call, recorded, $"the {leg} leg differs");
            }

            for (var i = 0; i < expected.Count; i++)
            {
                position[expected[i]] = actual[i].Index;
            }
        }

        Line? cause = null;
        foreach (var line in _lines)
        {
            if (line.Leg is null)
            {
                cause = null;
            }
            else if (line.Received)
            {
                cause = line;
            }
            else if (cause is not null && cause.Leg != line.Leg && position[line] < position[cause])
            {
                return Describe(call, recorded, $"'{line.Step}' was recorded before '{cause.Step}', which caused it");
            }
        }

        return null;
    }

    /// <summary>A leg's messages without the 2xx retransmissions the ladder does not list: a 200 to an INVITE or an ACK
    /// with the same CSeq again, beyond the number of times the ladder has it (the far end sends its 200 again when the
    /// caller's ACK, which the node relays end to end, takes more than T1 under load; the node relays the ACK again).
    /// Any other repeat is still a difference.</summary>
    private static List<(DialogueMessage Message, int Index)> WithoutRetransmissions(IEnumerable<(DialogueMessage Message, int Index)> leg, IReadOnlyList<Line> expected)
    {
        var kept = new List<(DialogueMessage Message, int Index)>();
        foreach (var entry in leg)
        {
            var step = entry.Message.Step;
            var repeat = entry.Message.What is "200 INVITE" or "ACK" && kept.Any(k => k.Message.Step == step && k.Message.CSeq == entry.Message.CSeq);
            if (repeat && kept.Count(k => k.Message.Step == step) >= expected.Count(l => l.Step == step))
            {
                continue;
            }
            kept.Add(entry);
        }
        return kept;
    }

    /// <summary>The ladder's messages that the call's dialogue lacks, whatever the order it has them in.</summary>
    public IReadOnlyList<string> MissingFrom(CallRecord call)
    {
        var recorded = call.Dialogue.Select(m => m.Step).ToList();
        var missing = new List<string>();
        foreach (var line in _lines.Where(l => l.Leg is not null))
        {
            if (!recorded.Remove(line.Step))
            {
                missing.Add(line.Step);
            }
        }

        return missing;
    }

    private string Describe(CallRecord call, IReadOnlyList<DialogueMessage> recorded, string problem)
    {
        var text = new StringBuilder();
        text.AppendLine($"{call.Summary}\n{problem}.");
        text.AppendLine("expected:");
        foreach (var line in _lines)
        {
            text.AppendLine("  " + line.Step);
        }

        text.AppendLine("recorded:");
        foreach (var message in recorded)
        {
            text.AppendLine("  " + message);
        }

        return text.ToString();
    }

    // A class, not a record: two identical lines (a second "caller -> ACK") are different positions in the ladder.
    private sealed class Line(string? leg, bool received, string step)
    {
        public string? Leg { get; } = leg;

        public bool Received { get; } = received;

        public string Step { get; } = step;
    }
}
