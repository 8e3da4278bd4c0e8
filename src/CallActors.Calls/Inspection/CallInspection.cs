namespace CallActors.Calls.Inspection;

/// <summary>A call's SIP dialogue in Kazoo call-inspector form (<c>messages</c>, <c>dialog_entities</c>,
/// <c>analysis</c>, reference kazoo-and-apis.md §1.8), with the analysis Kazoo never implemented.</summary>
/// <param name="CallId">The call's id (the caller's SIP Call-ID).</param>
/// <param name="Messages">Every message of both legs, in the order the call recorded them.</param>
/// <param name="DialogEntities">Distinct <c>IP:PORT</c> endpoints in first-seen order, source before destination
/// (Kazoo's <c>get_dialog_entities</c>): the columns of a ladder diagram.</param>
/// <param name="Analysis">What the inspector concluded, in rule order (<see cref="CallInspector"/>).</param>
public sealed record CallInspection(
    string CallId,
    IReadOnlyList<InspectedMessage> Messages,
    IReadOnlyList<string> DialogEntities,
    IReadOnlyList<CallFinding> Analysis);
