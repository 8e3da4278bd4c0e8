using CallActors.Calls.Dialogue;
using CallActors.Calls.Inspection;
using CallActors.Calls.Status;

namespace CallActors.Calls.Tests.Inspection;

/// <summary>A call as the actor holds it when asked for an inspection: how it started, its status, its dialogue and
/// its latest media sample.</summary>
internal sealed record InspectionScenario(
    CallStarted Started, CallStatusState Status, IReadOnlyList<DialogueChunk> Dialogue, MediaStatsSampled? Media)
{
    public CallInspection Inspect(CallInspectionOptions? options = null) =>
        CallInspector.Inspect(Started, Status, Dialogue, Media, options ?? CallInspectionOptions.Default);

    /// <summary>The only finding of <paramref name="type"/>; fails when there is none or more than one.</summary>
    public static CallFinding Single(CallInspection inspection, string type) =>
        Assert.Single(inspection.Analysis, f => f.Type == type);
}
