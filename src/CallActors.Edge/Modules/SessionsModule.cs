using CallActors.Actors;
using CallActors.Calls;
using CallActors.Calls.ReadModel;
using CallActors.Calls.Status;
using CallActors.Edge.Crossbar;

namespace CallActors.Edge.Modules;

/// <summary><c>cb_sessions</c> (the seed sessions API): the account's calls in progress, one of them, and
/// <c>DELETE</c> to hang one up (BYE to both legs; hangup source <c>api</c>).</summary>
public sealed class SessionsModule(EdgeServices services) : CrossbarModule
{
    public override string Name => "cb_sessions";

    public override string Noun => "sessions";

    protected override IReadOnlyList<CrossbarRoute> DeclareRoutes() =>
    [
        new("GET", "", "The account's active sessions: count and items, each with its calls.", ListAsync),
        new("GET", Identifiers.SessionId, "One active session.", GetAsync),
        new("DELETE", Identifiers.SessionId, "Hangs the session's call up: BYE to both legs (or CANCEL before the answer).", HangUpAsync),
    ];

    private async ValueTask<CrossbarResult> ListAsync(CrossbarContext context)
    {
        var active = await ActiveAsync(context).ConfigureAwait(false);
        var items = active.Values.Where(call => CallAccess.Owns(context, call)).OrderByDescending(c => c.CreatedAt).Select(Session).ToList();
        return CrossbarResult.Ok(new SessionList(items.Count, items));
    }

    private async ValueTask<CrossbarResult> GetAsync(CrossbarContext context) =>
        CrossbarResult.Ok(Session(await FindActiveAsync(context).ConfigureAwait(false)));

    private async ValueTask<CrossbarResult> HangUpAsync(CrossbarContext context)
    {
        var call = await FindActiveAsync(context).ConfigureAwait(false);
        var ending = await services.CallsDirectory.Ask<bool>(new HangUpCall(call.CallId, $"API request {context.RequestId}"), services.Options.CallTimeout).ConfigureAwait(false);
        return ending ? CrossbarResult.Ok(new HungUp(call.CallId, "ending", "api")) : NotActive(call.CallId);
    }

    private async Task<CallSummary> FindActiveAsync(CrossbarContext context)
    {
        var id = context.Parameters[0];
        var active = await ActiveAsync(context).ConfigureAwait(false);
        return active.TryGetValue(id, out var call) && CallAccess.Owns(context, call) ? call : throw new CrossbarException(NotActive(id));
    }

    /// <summary>The calls in progress on this node (the directory knows them), with their summaries. The projection
    /// is brought up to date first so that a call that began a moment ago is listed.</summary>
    private async Task<IReadOnlyDictionary<string, CallSummary>> ActiveAsync(CrossbarContext context)
    {
        if (services.CallsDirectory.Equals(ActorRefs.Nobody))
        {
            return new Dictionary<string, CallSummary>();
        }
        var ids = await services.CallsDirectory.Ask<string[]>(CallsActor.GetActiveCalls.Instance, services.Options.CallTimeout).ConfigureAwait(false);
        if (ids.Length == 0)
        {
            return new Dictionary<string, CallSummary>();
        }
        var summaries = await services.Calls.GetManyAsync(ids, context.Aborted).ConfigureAwait(false);
        if (summaries.Count < ids.Length)
        {
            await services.Projector.CatchUpAsync(context.Aborted).ConfigureAwait(false);
            summaries = await services.Calls.GetManyAsync(ids, context.Aborted).ConfigureAwait(false);
        }
        // The directory may still count a call whose end the read model already holds; it is not active.
        return summaries.Where(s => !IsEnded(s.Value.Status)).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
    }

    private static readonly HashSet<string> EndedStatuses =
        [.. Enum.GetValues<CallStatus>().Where(s => s.IsEnded()).Select(s => s.ToWireName())];

    private static bool IsEnded(string status) => EndedStatuses.Contains(status);

    private SessionView Session(CallSummary call)
    {
        var now = services.Time.GetUtcNow();
        var talking = call.AnsweredAt is { } answered ? (long)Math.Max(0, (now - answered).TotalSeconds) : 0;
        return new SessionView(call.CallId, [new SessionCall(call.FromUser ?? call.From, DisplayName(call.From), call.ToUser ?? call.To, call.Route, call.CreatedAt, talking, call.Status)]);
    }

    /// <summary>The display name of a From header (<c>"Alice" &lt;sip:…&gt;</c> or <c>Alice &lt;sip:…&gt;</c>), or null.</summary>
    internal static string? DisplayName(string header)
    {
        var angle = header.IndexOf('<', StringComparison.Ordinal);
        if (angle <= 0)
        {
            return null;
        }
        var name = header[..angle].Trim();
        if (name.Length >= 2 && name[0] == '"' && name[^1] == '"')
        {
            name = name[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal);
        }
        return name.Length == 0 ? null : name;
    }

    private static CrossbarResult NotActive(string id) =>
        CrossbarResult.Failure(404, "bad identifier", "bad identifier", new Dictionary<string, object?> { ["message"] = $"no active session '{CrossbarResult.Truncate(id)}'" });

    private sealed record SessionList(int Count, IReadOnlyList<SessionView> Items);

    private sealed record SessionView(string Id, IReadOnlyList<SessionCall> Calls);

    private sealed record SessionCall(string Caller, string? CallerDisplayName, string Callee, string? Trunk, DateTimeOffset StartedAt, long TalkingTime, string Status);

    private sealed record HungUp(string Id, string Status, string HangupSource);
}
