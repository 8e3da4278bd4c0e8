using System.Diagnostics;
using CallActors.Actors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CallActors.Edge.Crossbar;

/// <summary>
/// Turns an HTTP request under <c>/v2/</c> into a module call, Crossbar's way: the path is split into nouns (a noun is
/// the name of a module the node knows, running or not), the module's stages run in order (see
/// <see cref="CrossbarModule"/>), and every answer, success or error, leaves in the Crossbar envelope.
/// </summary>
public sealed partial class CrossbarPipeline
{
    private readonly EdgeServices _services;
    private readonly ILogger _logger;

    public CrossbarPipeline(EdgeServices services, ILogger<CrossbarPipeline> logger)
    {
        _services = services;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var started = Stopwatch.GetTimestamp();
        var requestId = RequestId(http.Request);
        var (module, accountId, parameters) = Parse(http.Request.Path.Value ?? "");
        CrossbarResult result;
        CrossbarContext? context = null;
        if (module is null)
        {
            result = CrossbarResult.NotFound();
        }
        else if (!_services.Modules.TryEnter(module, out var lease))
        {
            // A stopped module's noun still parses, but nothing answers for it (Crossbar's behaviour).
            result = CrossbarResult.NotFound();
        }
        else
        {
            using (lease)
            {
                context = new CrossbarContext(http, _services, module, accountId, parameters, requestId);
                result = await RunStagesAsync(context).ConfigureAwait(false);
            }
        }
        if (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        await CrossbarEnvelope.WriteAsync(http, result, requestId, context?.AuthToken, _services).ConfigureAwait(false);
        EdgeMetrics.RecordRequest(module?.Name ?? "none", http.Request.Method, result.StatusCode, Stopwatch.GetElapsedTime(started));
    }

    private async Task<CrossbarResult> RunStagesAsync(CrossbarContext context)
    {
        var http = context.Http;
        var method = http.Request.Method;
        var module = context.Module;

        // allowed methods: the routes with this path's shape
        CrossbarRoute? route = null;
        List<string>? allowed = null;
        foreach (var candidate in module.Routes)
        {
            if (!candidate.Matches(context.Parameters))
            {
                continue;
            }
            (allowed ??= []).Add(candidate.Method);
            if (string.Equals(candidate.Method, method, StringComparison.OrdinalIgnoreCase))
            {
                route = candidate;
            }
        }
        if (allowed is null || (module.AccountScoped && context.AccountId is null))
        {
            return CrossbarResult.NotFound();
        }
        if (route is null)
        {
            return CrossbarResult.MethodNotAllowed(allowed);
        }
        context.Route = route;

        // resource exists: every id in the path has the right shape
        if (context.AccountId is { } pathAccount && Identifiers.Check(Identifiers.AccountId, pathAccount) is { } accountProblem)
        {
            return CrossbarResult.BadIdentifier(accountProblem, pathAccount);
        }
        var segments = route.Segments;
        for (var i = 0; i < segments.Length; i++)
        {
            if (Identifiers.IsPlaceholder(segments[i]) && Identifiers.Check(segments[i], context.Parameters[i]) is { } problem)
            {
                return CrossbarResult.BadIdentifier(problem, context.Parameters[i]);
            }
        }

        // authenticate
        if (!route.Anonymous)
        {
            var token = http.Request.Headers["X-Auth-Token"].ToString();
            var callerId = _services.Tokens.Validate(token, _services.Time.GetUtcNow());
            if (callerId is null || _services.Accounts.Find(callerId) is not { } caller)
            {
                return CrossbarResult.Unauthorized();
            }
            context.AuthToken = token;
            context.Caller = caller;

            // authorize: an account outside the caller's tree is answered as if it did not exist, so ids do not leak
            if (context.AccountId is { } accountId && !_services.Accounts.IsSelfOrDescendant(caller.Id, accountId))
            {
                return CrossbarResult.BadIdentifier("account_id", accountId);
            }
        }

        // validate: only the query parameters the route knows
        foreach (var key in http.Request.Query.Keys)
        {
            if (!route.Query.ContainsKey(key) && !(route.Paginated && key is "page_size" or "start_key"))
            {
                return CrossbarResult.ValidationFailed(key, "unknown", $"unknown query parameter '{CrossbarResult.Truncate(key)}'; this route takes: {string.Join(", ", AllowedQuery(route))}");
            }
        }

        // validate (the module's own checks, loading) and execute
        try
        {
            return await route.Handler(context).ConfigureAwait(false);
        }
        catch (CrossbarException ex)
        {
            return ex.Result;
        }
        catch (AskTimeoutException)
        {
            LogCallTimeout(_logger, context.RequestId, module.Name, http.Request.Path.Value ?? "");
            return CrossbarResult.Failure(503, "datastore timeout", "the call did not answer in time");
        }
        catch (OperationCanceledException) when (context.Aborted.IsCancellationRequested)
        {
            return CrossbarResult.Failure(499, "client_closed_request", "the client went away");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogFailure(_logger, ex, context.RequestId, module.Name, http.Request.Method, http.Request.Path.Value ?? "");
            return CrossbarResult.Failure(500, "unknown failure", "unknown failure");
        }
    }

    private static IEnumerable<string> AllowedQuery(CrossbarRoute route)
    {
        var keys = route.Query.Keys.ToList();
        if (route.Paginated)
        {
            keys.AddRange(["page_size", "start_key"]);
        }
        return keys.Count == 0 ? ["(none)"] : keys;
    }

    /// <summary>Splits <c>/v2/accounts/{A}/{noun}/{params…}</c> or <c>/v2/{noun}/{params…}</c> into the module, the
    /// account and the parameters; null module for paths no known module answers.</summary>
    internal (CrossbarModule? Module, string? AccountId, IReadOnlyList<string> Parameters) Parse(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2 || segments[0] != "v2")
        {
            return (null, null, []);
        }
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = Uri.UnescapeDataString(segments[i]);
        }
        var registry = _services.Modules;
        if (segments[1] == "accounts")
        {
            var accounts = registry.FindByNoun("accounts");
            if (segments.Length == 2)
            {
                return (accounts, null, []);
            }
            if (segments.Length >= 4 && registry.FindByNoun(segments[3]) is { AccountScoped: true } nested && nested != accounts)
            {
                return (nested, segments[2], segments[4..]);
            }
            return (accounts, segments[2], segments[3..]);
        }
        return registry.FindByNoun(segments[1]) is { AccountScoped: false } module ? (module, null, segments[2..]) : (null, null, []);
    }

    private static string RequestId(HttpRequest request)
    {
        var given = request.Headers["X-Request-ID"].ToString();
        return given.Length is > 0 and <= 64 && given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? given
            : Guid.NewGuid().ToString("N");
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Error, Message = "Request {RequestId} to {Module} ({Method} {Path}) failed")]
    private static partial void LogFailure(ILogger logger, Exception exception, string requestId, string module, string method, string path);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Request {RequestId} to {Module} ({Path}): the call did not answer in time")]
    private static partial void LogCallTimeout(ILogger logger, string requestId, string module, string path);
}
