namespace CallActors.Calls.Inspection;

/// <summary>One conclusion of the call inspector's analysis.</summary>
/// <param name="Type">What was found (<see cref="CallFindingTypes"/>).</param>
/// <param name="Severity"><see cref="CallFindingSeverities"/>: error, warning or info.</param>
/// <param name="FailureLocation">The side at fault (<see cref="FailureLocations"/>: origination is the caller's
/// side, termination the callee's), or null when it is neither or the node itself.</param>
/// <param name="Leg"><c>caller</c> or <c>callee</c>, or null when the finding is about the whole call.</param>
/// <param name="Reason">One sentence with the facts, e.g. "the callee answered 486 Busy Here after 2.1 s".</param>
/// <param name="MessageIndex">The index in <see cref="CallInspection.Messages"/> of the message that shows it, when
/// there is one.</param>
public sealed record CallFinding(
    string Type,
    string Severity,
    string? FailureLocation,
    string? Leg,
    string Reason,
    int? MessageIndex);
