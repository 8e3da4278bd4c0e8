using CallActors.Calls;
using CallActors.Calls.Inspection;
using CallActors.Edge.Crossbar;

namespace CallActors.Edge.Modules;

/// <summary><c>cb_call_inspector</c>: the account's calls that have a dialogue, and one call's SIP messages of both
/// legs (Kazoo chunks), its dialog entities and the analysis (failure location and reason, missing ACK,
/// retransmissions, error responses, long PDD, one-way or no audio, media timeout).</summary>
public sealed class CallInspectorModule(EdgeServices services) : CrossbarModule
{
    public override string Name => "cb_call_inspector";

    public override string Noun => "call_inspector";

    protected override IReadOnlyList<CrossbarRoute> DeclareRoutes() =>
    [
        new("GET", "", "The account's calls that have a SIP dialogue, newest first.", context => CallListing.ListAsync(context, withDialogueOnly: true))
        {
            Query = CallListing.TimeFilters,
            Paginated = true,
        },
        new("GET", Identifiers.CallId, "Every SIP message of both legs in order, the dialog entities and the analysis.", InspectAsync),
    ];

    private async ValueTask<CrossbarResult> InspectAsync(CrossbarContext context)
    {
        var call = await CallAccess.FindAsync(context, context.Parameters[0]).ConfigureAwait(false);
        var options = new CallInspectionOptions(services.Options.LongPdd);
        var inspection = await CallAccess.AskCallAsync<CallInspection>(context, call.CallId, new GetCallInspection(call.CallId, options)).ConfigureAwait(false);
        return CrossbarResult.Ok(inspection);
    }
}
