using CallActors.Calls.Inspection;

namespace CallActors.Calls.Tests.Inspection;

/// <summary>Finds messages of an inspection the way a reader of the ladder would name them.</summary>
internal static class InspectionAssert
{
    /// <summary>The index of the <paramref name="occurrence"/>-th message with this start line on this leg in this
    /// direction (and CSeq, when given); fails when there is none.</summary>
    public static int IndexOf(CallInspection inspection, string label, string leg, string direction, string? cseq = null, int occurrence = 1)
    {
        var seen = 0;
        for (var i = 0; i < inspection.Messages.Count; i++)
        {
            var message = inspection.Messages[i];
            if (message.Label == label && message.Leg == leg && message.Direction == direction && (cseq is null || message.CSeq == cseq) &&
                ++seen == occurrence)
            {
                return i;
            }
        }
        Assert.Fail($"no message #{occurrence} '{label}' {direction} on the {leg} leg{(cseq is null ? "" : " with CSeq " + cseq)}");
        return -1;
    }

    public static CallFinding[] OfType(CallInspection inspection, string type) =>
        inspection.Analysis.Where(f => f.Type == type).ToArray();

    /// <summary>The findings of <paramref name="type"/> are exactly <paramref name="expected"/>, in order, each pointing
    /// at the message it names (or at none).</summary>
    public static void Findings(CallInspection inspection, string type, IReadOnlyList<ExpectedFinding> expected)
    {
        var actual = OfType(inspection, type);
        Assert.True(
            expected.Count == actual.Length,
            $"expected {expected.Count} {type} finding(s), got {actual.Length}: {string.Join(" | ", actual.Select(f => f.Reason))}");
        for (var i = 0; i < expected.Count; i++)
        {
            var (want, got) = (expected[i], actual[i]);
            Assert.Equal(want.Reason, got.Reason);
            Assert.Equal(want.Severity, got.Severity);
            Assert.Equal(want.Location, got.FailureLocation);
            Assert.Equal(want.Leg, got.Leg);
            int? index = want.Message is { } m ? IndexOf(inspection, m.Label, m.Leg, m.Direction, m.CSeq, m.Occurrence) : null;
            Assert.Equal(index, got.MessageIndex);
        }
    }

    public static TheoryData<string> Rows(IEnumerable<string> names)
    {
        var rows = new TheoryData<string>();
        foreach (var name in names)
        {
            rows.Add(name);
        }
        return rows;
    }
}

/// <summary>A finding a test expects: its fields and the message it should point at.</summary>
internal sealed record ExpectedFinding(string Severity, string? Location, string? Leg, string Reason, MessageRef? Message);

/// <summary>A message named as on the ladder: start line, leg, direction, and CSeq or occurrence when the start line
/// repeats.</summary>
internal sealed record MessageRef(string Label, string Leg, string Direction, string? CSeq = null, int Occurrence = 1);
