using CallActors.Actors;
using CallActors.Calls;
using CallActors.Calls.ReadModel;
using CallActors.Edge.Crossbar;

namespace CallActors.Edge.Modules;

/// <summary>Finds a call for a request and checks that it belongs to the path's account or one of its descendants
/// (by the route's account, or by realm for calls whose route names none). A call of another account is answered
/// exactly like a call that does not exist.</summary>
internal static class CallAccess
{
    /// <summary>The accounts and realms whose calls the path's account may see.</summary>
    public static (IReadOnlyCollection<string> AccountIds, IReadOnlyCollection<string> Realms) Scope(CrossbarContext context)
    {
        var tree = context.Services.Accounts.Tree(context.AccountId!);
        return ([.. tree.Select(a => a.Id)], [.. tree.Select(a => a.Realm)]);
    }

    public static bool Owns(CrossbarContext context, CallSummary call)
    {
        var book = context.Services.Accounts;
        var owner = string.IsNullOrEmpty(call.AccountId)
            ? (call.Realm is { } realm ? book.FindByRealm(realm)?.Id : null)
            : call.AccountId;
        return owner is not null && book.IsSelfOrDescendant(context.AccountId!, owner);
    }

    /// <summary>The call's summary, or 404. A call that is not in the read model yet (it started moments ago) is
    /// looked for again once the projection has caught up with the journal.</summary>
    public static async Task<CallSummary> FindAsync(CrossbarContext context, string callId)
    {
        var store = context.Services.Calls;
        var call = await store.FindAsync(callId, context.Aborted).ConfigureAwait(false);
        if (call is null)
        {
            await context.Services.Projector.CatchUpAsync(context.Aborted).ConfigureAwait(false);
            call = await store.FindAsync(callId, context.Aborted).ConfigureAwait(false);
        }
        return call is not null && Owns(context, call) ? call : throw new CrossbarException(NotFound(callId));
    }

    public static CrossbarResult NotFound(string callId) =>
        CrossbarResult.Failure(404, "bad identifier", "bad identifier", new Dictionary<string, object?> { ["message"] = $"no call '{CrossbarResult.Truncate(callId)}'" });

    /// <summary>Asks the call's actor (through the calls directory) and returns its answer of type
    /// <typeparamref name="T"/>; 404 when the journal does not know the call, 503 when this node takes no calls, and a
    /// <see cref="CallControlRefused"/> as the status and error it names.</summary>
    public static async Task<T> AskCallAsync<T>(CrossbarContext context, string callId, object query)
        where T : class
    {
        var answer = await AskDirectoryAsync(context, query).ConfigureAwait(false);
        return answer switch
        {
            T found => found,
            CallNotFound => throw new CrossbarException(NotFound(callId)),
            CallControlRefused refused => throw new CrossbarException(Refused(refused)),
            _ => throw new InvalidOperationException($"the call answered {answer.GetType().Name} to {query.GetType().Name}"),
        };
    }

    /// <summary>Sends <paramref name="message"/> to the calls directory and returns whatever it answers; 503 when this
    /// node takes no calls.</summary>
    public static async Task<object> AskDirectoryAsync(CrossbarContext context, object message)
    {
        var directory = context.Services.CallsDirectory;
        if (directory.Equals(ActorRefs.Nobody))
        {
            throw new CrossbarException(CrossbarResult.Failure(503, "datastore_unreachable", "this node does not run calls (callactors.sip.enabled = off)"));
        }
        return await directory.Ask<object>(message, context.Services.Options.CallTimeout).ConfigureAwait(false);
    }

    /// <summary>A call-control request the call refused, as the API answers it.</summary>
    public static CrossbarResult Refused(CallControlRefused refused) => CrossbarResult.Failure(refused.StatusCode, refused.Error, refused.Message);
}
