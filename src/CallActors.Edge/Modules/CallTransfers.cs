using System.Text.Json;
using CallActors.Calls;
using CallActors.Calls.Transfers;
using CallActors.Edge.Crossbar;
using static CallActors.Edge.Crossbar.BodyFields;

namespace CallActors.Edge.Modules;

/// <summary>A call's transfers in <c>cb_calls</c>: <c>POST …/transfers</c> starts one (blind, or attended/warm, with
/// fallback targets), <c>GET …/transfers[/{ID}]</c> shows them with their routing attempts and timeline,
/// <c>POST …/transfers/{ID}</c> completes an attended one and <c>DELETE …/transfers/{ID}</c> cancels one.</summary>
internal static class CallTransfers
{
    /// <summary>The longest target (SIP URI or number) the API takes.</summary>
    public const int MaxTargetLength = 256;

    public const int MaxFallbackTargets = 10;

    private static readonly string[] Fields = ["kind", "transfer_to", "leg", "fallback", "fallback_action"];

    private static readonly string[] ActionFields = ["action"];

    public static async ValueTask<CrossbarResult> StartAsync(CrossbarContext context)
    {
        var request = ReadRequest(await context.ReadDataAsync().ConfigureAwait(false));
        var call = await CallAccess.FindAsync(context, context.Parameters[0]).ConfigureAwait(false);
        var accepted = await CallAccess.AskCallAsync<TransferAccepted>(context, call.CallId, new StartTransfer(call.CallId, request)).ConfigureAwait(false);
        return CrossbarResult.Created(TransferView.Of(accepted.Transfer));
    }

    public static async ValueTask<CrossbarResult> ListAsync(CrossbarContext context)
    {
        var transfers = await TransfersOf(context).ConfigureAwait(false);
        return CrossbarResult.Ok(transfers.Select(TransferView.Of).ToArray());
    }

    public static async ValueTask<CrossbarResult> GetAsync(CrossbarContext context)
    {
        var transfers = await TransfersOf(context).ConfigureAwait(false);
        var id = context.Parameters[2];
        var transfer = transfers.FirstOrDefault(t => t.Id == id)
            ?? throw new CrossbarException(CrossbarResult.BadIdentifier("transfer_id", id));
        return CrossbarResult.Ok(TransferView.Of(transfer));
    }

    public static async ValueTask<CrossbarResult> CompleteAsync(CrossbarContext context)
    {
        ReadAction(await context.ReadDataAsync().ConfigureAwait(false));
        var call = await CallAccess.FindAsync(context, context.Parameters[0]).ConfigureAwait(false);
        var accepted = await CallAccess.AskCallAsync<TransferAccepted>(context, call.CallId, new CompleteTransfer(call.CallId, context.Parameters[2])).ConfigureAwait(false);
        return CrossbarResult.Ok(TransferView.Of(accepted.Transfer));
    }

    public static async ValueTask<CrossbarResult> CancelAsync(CrossbarContext context)
    {
        var call = await CallAccess.FindAsync(context, context.Parameters[0]).ConfigureAwait(false);
        var accepted = await CallAccess.AskCallAsync<TransferAccepted>(context, call.CallId, new CancelTransfer(call.CallId, context.Parameters[2])).ConfigureAwait(false);
        return CrossbarResult.Ok(TransferView.Of(accepted.Transfer));
    }

    private static async Task<IReadOnlyList<TransferState>> TransfersOf(CrossbarContext context)
    {
        var call = await CallAccess.FindAsync(context, context.Parameters[0]).ConfigureAwait(false);
        var list = await CallAccess.AskCallAsync<TransferList>(context, call.CallId, new GetTransfers(call.CallId)).ConfigureAwait(false);
        return list.Transfers;
    }

    /// <summary>The body's fields, each checked for its type and range; unknown fields are refused.</summary>
    private static TransferRequest ReadRequest(JsonElement data)
    {
        TransferKind? kind = null;
        string? transferTo = null;
        var leg = TransferLeg.Caller;
        IReadOnlyList<string> fallback = [];
        var whenAllFail = TransferFallbackAction.Reconnect;
        foreach (var property in data.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "kind":
                    kind = WireName<TransferKind>(value, "kind", TransferKindNames.TryParse, "blind, attended or warm");
                    break;
                case "transfer_to":
                    transferTo = Text(value, "transfer_to", 1, MaxTargetLength);
                    break;
                case "leg":
                    leg = WireName<TransferLeg>(value, "leg", TransferLegNames.TryParse, "caller or callee");
                    break;
                case "fallback":
                    fallback = Targets(value, "fallback");
                    break;
                case "fallback_action":
                    whenAllFail = WireName<TransferFallbackAction>(value, "fallback_action", TransferFallbackActionNames.TryParse, "reconnect or hang_up");
                    break;
                default:
                    throw Unknown(property.Name, Fields);
            }
        }
        if (kind is null)
        {
            throw Required("kind", "kind is required (blind, attended or warm)");
        }
        if (transferTo is null)
        {
            throw Required("transfer_to", "transfer_to is required (a SIP URI or a number)");
        }
        return new TransferRequest(kind.Value, transferTo, leg, fallback, whenAllFail);
    }

    private static string[] Targets(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(field, "type", $"{field} must be an array of targets");
        }
        if (value.GetArrayLength() > MaxFallbackTargets)
        {
            throw Invalid(field, "maxItems", $"{field} holds at most {MaxFallbackTargets} targets");
        }
        return [.. value.EnumerateArray().Select(target => Text(target, field, 1, MaxTargetLength))];
    }

    /// <summary>The body of <c>POST …/transfers/{ID}</c>: <c>action</c> <c>complete</c>, the one action there is.</summary>
    private static void ReadAction(JsonElement data)
    {
        string? action = null;
        foreach (var property in data.EnumerateObject())
        {
            action = property.Name == "action" ? StringValue(property.Value, "action") : throw Unknown(property.Name, ActionFields);
        }
        if (action is null)
        {
            throw Required("action", "action is required (complete)");
        }
        if (action != "complete")
        {
            throw Invalid("action", "enum", $"action must be complete, not '{CrossbarResult.Truncate(action)}'");
        }
    }
}

/// <summary>A transfer as the API shows it: what was asked, where it is, every target tried and its timeline.</summary>
internal sealed record TransferView(
    string Id,
    string CallId,
    string Kind,
    string Leg,
    string Origin,
    string Status,
    string TransferTo,
    IReadOnlyList<string> Fallback,
    string FallbackAction,
    string? Replaces,
    string? ReplacedCallId,
    string? CurrentTarget,
    int? SipCode,
    string? FailureCause,
    string? Outcome,
    string? NextTransfer,
    IReadOnlyList<TransferAttemptView> RoutingAttempts,
    IReadOnlyList<TransferTransitionView> History,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt)
{
    public static TransferView Of(TransferState t) => new(
        t.Id,
        t.CallId,
        t.Kind.ToWireName(),
        t.Leg.ToWireName(),
        t.Origin.ToWireName(),
        t.Status.ToWireName(),
        t.TransferTo,
        t.Fallback,
        t.WhenAllFail.ToWireName(),
        t.ReplacesDialog,
        t.ReplacedCallId,
        t.CurrentTarget,
        t.SipCode,
        t.FailureCause,
        t.Outcome,
        t.NextTransfer,
        [.. t.RoutingAttempts.Select(a => new TransferAttemptView(a.Target, a.Status.ToWireName(), a.SipCode, a.FailureCause, a.StartedAt, a.RingingAt, a.AnsweredAt, a.EndedAt))],
        [.. t.History.Select(h => new TransferTransitionView(h.Status.ToWireName(), h.At, h.Target, h.SipCode))],
        t.CreatedAt,
        t.UpdatedAt,
        t.CompletedAt);
}

/// <summary>One entry of a transfer's <c>routing_attempts</c>.</summary>
internal sealed record TransferAttemptView(
    string Target,
    string Status,
    int? SipCode,
    string? FailureCause,
    DateTimeOffset StartedAt,
    DateTimeOffset? RingingAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt);

/// <summary>One entry of a transfer's <c>history</c>.</summary>
internal sealed record TransferTransitionView(string Status, DateTimeOffset At, string? Target, int? SipCode);
