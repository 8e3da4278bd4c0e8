using CallActors.Calls.ReadModel;
using CallActors.Calls.Status;
using CallActors.Edge.Crossbar;

namespace CallActors.Edge.Modules;

/// <summary>The listing both <c>cb_calls</c> and <c>cb_call_inspector</c> answer: the account's calls from the read
/// model, newest first, filtered and paginated.</summary>
internal static class CallListing
{
    private static readonly string[] Statuses = [.. Enum.GetValues<CallStatus>().Select(s => s.ToWireName())];
    private static readonly string[] Directions = ["incoming", "outgoing"];

    public static readonly IReadOnlyDictionary<string, string> TimeFilters = new Dictionary<string, string>
    {
        ["created_from"] = "Only calls created at or after this time (ISO-8601, Unix or Gregorian seconds).",
        ["created_to"] = "Only calls created at or before this time.",
    };

    public static readonly IReadOnlyDictionary<string, string> AllFilters = new Dictionary<string, string>(TimeFilters)
    {
        ["status"] = "Only calls in this status: " + string.Join(", ", Statuses) + ".",
        ["direction"] = "incoming or outgoing.",
        ["from"] = "Only calls whose From user is exactly this.",
        ["to"] = "Only calls whose To user is exactly this.",
    };

    public static async ValueTask<CrossbarResult> ListAsync(CrossbarContext context, bool withDialogueOnly)
    {
        var (pageSize, startKey) = context.Paging();
        var status = OneOf(context, "status", Statuses);
        var direction = OneOf(context, "direction", Directions);
        var from = UserFilter(context, "from");
        var to = UserFilter(context, "to");
        var createdFrom = context.TimeQuery("created_from");
        var createdTo = context.TimeQuery("created_to");
        if (createdFrom > createdTo)
        {
            return CrossbarResult.ValidationFailed("created_from", "range", "created_from is after created_to");
        }
        var (accounts, realms) = CallAccess.Scope(context);
        var query = new CallQuery(accounts, realms, status, direction, from, to, createdFrom, createdTo, withDialogueOnly, pageSize, startKey);
        CallPage page;
        try
        {
            page = await context.Services.Calls.ListAsync(query, context.Aborted).ConfigureAwait(false);
        }
        catch (FormatException)
        {
            return CrossbarResult.ValidationFailed("start_key", "format", "start_key is not a key this API gave out");
        }
        return CrossbarResult.Page(page.Items.Select(CallView.Of).ToList(), startKey, page.NextStartKey);
    }

    private static string? OneOf(CrossbarContext context, string name, string[] allowed)
    {
        var value = context.Query(name);
        return value is null || allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new CrossbarException(CrossbarResult.ValidationFailed(name, "enum", $"{name} must be one of: {string.Join(", ", allowed)}"));
    }

    private static string? UserFilter(CrossbarContext context, string name)
    {
        var value = context.Query(name);
        return value is null || value.Length is > 0 and <= 128
            ? value
            : throw new CrossbarException(CrossbarResult.ValidationFailed(name, "maxLength", $"{name} must be 1 to 128 characters"));
    }
}

/// <summary>A call as listings and <c>GET …/calls/{CALL_ID}</c> show it.</summary>
internal sealed record CallView(
    string Id,
    string CallId,
    string? OtherLegCallId,
    string? AccountId,
    string Node,
    string? Route,
    string From,
    string To,
    string? FromUser,
    string? ToUser,
    string Direction,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? RingingAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    long? Duration,
    long? BillingSeconds,
    double? Pdd,
    int? HangupSipCode,
    string? HangupCause,
    string? HangupSource,
    int DialogueMessages,
    double? CallerMos,
    double? CalleeMos)
{
    public static CallView Of(CallSummary call) => new(
        call.CallId,
        call.CallId,
        call.CalleeCallId,
        string.IsNullOrEmpty(call.AccountId) ? null : call.AccountId,
        call.Node,
        call.Route,
        call.From,
        call.To,
        call.FromUser,
        call.ToUser,
        call.Direction,
        call.Status,
        call.CreatedAt,
        call.UpdatedAt,
        call.RingingAt,
        call.AnsweredAt,
        call.EndedAt,
        call.EndedAt is { } ended ? (long)(ended - call.CreatedAt).TotalSeconds : null,
        call.EndedAt is { } end && call.AnsweredAt is { } answered ? (long)(end - answered).TotalSeconds : null,
        call.PddMs,
        call.SipCode,
        call.HangupCause,
        call.HangupSource,
        call.DialogueMessages,
        call.CallerMos,
        call.CalleeMos);
}
