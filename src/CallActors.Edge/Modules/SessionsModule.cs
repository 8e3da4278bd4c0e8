using System.Text.Json;
using CallActors.Actors;
using CallActors.Calls;
using CallActors.Calls.ReadModel;
using CallActors.Calls.Status;
using CallActors.Calls.Transfers;
using CallActors.Edge.Crossbar;
using static CallActors.Edge.Crossbar.BodyFields;

namespace CallActors.Edge.Modules;

/// <summary><c>cb_sessions</c> (the seed sessions API): the account's calls in progress and one of them (a
/// click-to-call session with each of its legs), <c>POST</c> to start a click-to-call session (the node calls the
/// caller, then the callee, and bridges them), <c>…/hold</c> and <c>…/unhold</c> for one party, and <c>DELETE</c> to
/// hang one up (BYE to both legs; hangup source <c>api</c>).</summary>
public sealed class SessionsModule(EdgeServices services) : CrossbarModule
{
    private const int MaxPartyLength = 256;

    private const int MaxDisplayNameLength = 1024;

    private const int MaxTrunkLength = 64;

    private static readonly string[] SessionFields = ["caller", "callee", "caller_display_name", "trunk"];

    private static readonly string[] HoldFields = ["party"];

    public override string Name => "cb_sessions";

    public override string Noun => "sessions";

    protected override IReadOnlyList<CrossbarRoute> DeclareRoutes() =>
    [
        new("GET", "", "The account's active sessions: count and items, each with its calls (a click-to-call session: one per leg).", ListAsync),
        new("POST", "", "Click-to-call: calls caller, then callee once the caller answers, and bridges them (caller, callee, caller_display_name, trunk).", StartAsync)
        {
            HasBody = true,
        },
        new("GET", Identifiers.SessionId, "One active session.", GetAsync),
        new("DELETE", Identifiers.SessionId, "Hangs the session's call up: BYE to both legs (or CANCEL before the answer).", HangUpAsync),
        new("POST", $"{Identifiers.SessionId}/hold", "Puts one party of an answered session on hold (party caller or callee, default callee).", context => HoldAsync(context, hold: true))
        {
            HasBody = true,
            BodyOptional = true,
        },
        new("POST", $"{Identifiers.SessionId}/unhold", "Takes one party of a session off hold (party caller or callee, default callee).", context => HoldAsync(context, hold: false))
        {
            HasBody = true,
            BodyOptional = true,
        },
    ];

    private async ValueTask<CrossbarResult> ListAsync(CrossbarContext context)
    {
        var active = await ActiveAsync(context).ConfigureAwait(false);
        var items = await Task.WhenAll(active.Values.Where(call => CallAccess.Owns(context, call)).OrderByDescending(c => c.CreatedAt).Select(SessionAsync)).ConfigureAwait(false);
        return CrossbarResult.Ok(new SessionList(items.Length, items));
    }

    private async ValueTask<CrossbarResult> GetAsync(CrossbarContext context) =>
        CrossbarResult.Ok(await SessionAsync(await FindActiveAsync(context).ConfigureAwait(false)).ConfigureAwait(false));

    private static async ValueTask<CrossbarResult> StartAsync(CrossbarContext context)
    {
        var request = ReadSession(await context.ReadDataAsync().ConfigureAwait(false), context.AccountId!);
        var reply = await CallAccess.AskDirectoryAsync(context, new StartSession(request)).ConfigureAwait(false);
        return reply switch
        {
            SessionStarted started => CrossbarResult.Created(new SessionCreated(started.CallId)),
            CallControlRefused refused => CallAccess.Refused(refused),
            _ => throw new InvalidOperationException($"unexpected reply {reply.GetType().Name}"),
        };
    }

    private async ValueTask<CrossbarResult> HoldAsync(CrossbarContext context, bool hold)
    {
        var party = ReadParty(await context.ReadDataAsync().ConfigureAwait(false));
        var call = await FindActiveAsync(context).ConfigureAwait(false);
        var reply = await CallAccess.AskDirectoryAsync(context, new HoldCall(call.CallId, party, hold)).ConfigureAwait(false);
        return reply switch
        {
            HoldChanged changed => CrossbarResult.Ok(new HoldView(changed.CallId, changed.Party.ToWireName(), changed.Held)),
            CallControlRefused refused => CallAccess.Refused(refused),
            CallNotFound => NotActive(call.CallId),
            _ => throw new InvalidOperationException($"unexpected reply {reply.GetType().Name}"),
        };
    }

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

    /// <summary>A session as the API shows it: a click-to-call session with each of its legs as the call reports them,
    /// any other call (or one that cannot report its legs now) as one element built from its summary.</summary>
    private async Task<SessionView> SessionAsync(CallSummary call)
    {
        var legs = await LegsAsync(call.CallId).ConfigureAwait(false);
        var now = services.Time.GetUtcNow();
        if (legs is { ClickToCall: true })
        {
            return new SessionView(call.CallId, true, [.. legs.Legs.Select(leg => new SessionLeg(
                leg.Leg, leg.Party, leg.DisplayName, leg.Route, leg.StartedAt, leg.AnsweredAt, TalkingTime(leg.AnsweredAt, now), leg.Status, leg.Held, leg.SipCallId))]);
        }
        return new SessionView(call.CallId, false, [new SessionCall(call.FromUser ?? call.From, DisplayName(call.From), call.ToUser ?? call.To, call.Route, call.CreatedAt, TalkingTime(call.AnsweredAt, now), call.Status)]);
    }

    /// <summary>The call's legs, or null when it cannot say in time (it ended meanwhile, it failed): the summary still
    /// describes it, and one such call must not fail the whole listing.</summary>
    private async Task<CallLegList?> LegsAsync(string callId)
    {
        try
        {
            return await services.CallsDirectory.Ask<object>(new GetCallLegs(callId), services.Options.CallTimeout).ConfigureAwait(false) as CallLegList;
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            return null;
        }
    }

    private static long TalkingTime(DateTimeOffset? answeredAt, DateTimeOffset now) =>
        answeredAt is { } answered ? (long)Math.Max(0, (now - answered).TotalSeconds) : 0;

    /// <summary>The click-to-call body's fields, each checked for its type and length; unknown fields are refused.</summary>
    private static SessionRequest ReadSession(JsonElement data, string accountId)
    {
        string? caller = null;
        string? callee = null;
        string? displayName = null;
        string? trunk = null;
        foreach (var property in data.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "caller":
                    caller = Text(value, "caller", 1, MaxPartyLength);
                    break;
                case "callee":
                    callee = Text(value, "callee", 1, MaxPartyLength);
                    break;
                case "caller_display_name":
                    displayName = Text(value, "caller_display_name", 0, MaxDisplayNameLength);
                    break;
                case "trunk":
                    trunk = Text(value, "trunk", 1, MaxTrunkLength);
                    break;
                default:
                    throw Unknown(property.Name, SessionFields);
            }
        }
        if (caller is null || callee is null)
        {
            var missing = caller is null ? "caller" : "callee";
            throw Required(missing, $"{missing} is required (a SIP URI or a number)");
        }
        return new SessionRequest(caller, callee, displayName, trunk, accountId);
    }

    /// <summary>The party of a hold or unhold: the callee unless the body names the caller.</summary>
    private static TransferLeg ReadParty(JsonElement data)
    {
        var party = TransferLeg.Callee;
        foreach (var property in data.EnumerateObject())
        {
            party = property.Name == "party"
                ? WireName<TransferLeg>(property.Value, "party", TransferLegNames.TryParse, "caller or callee")
                : throw Unknown(property.Name, HoldFields);
        }
        return party;
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

    /// <summary>A session; <see cref="Calls"/> holds <see cref="SessionLeg"/>s for a click-to-call session, one
    /// <see cref="SessionCall"/> otherwise.</summary>
    private sealed record SessionView(string Id, bool ClickToCall, IReadOnlyList<object> Calls);

    private sealed record SessionCall(string Caller, string? CallerDisplayName, string Callee, string? Trunk, DateTimeOffset StartedAt, long TalkingTime, string Status);

    private sealed record SessionLeg(string Leg, string Party, string? DisplayName, string? Trunk, DateTimeOffset StartedAt, DateTimeOffset? AnsweredAt, long TalkingTime, string Status, bool Held, string SipCallId);

    private sealed record SessionCreated(string Id);

    private sealed record HoldView(string Id, string Party, bool Held);

    private sealed record HungUp(string Id, string Status, string HangupSource);
}
