namespace CallActors.Edge.Crossbar;

/// <summary>
/// One API resource, as a Crossbar <c>cb_*</c> module: a name (<c>cb_calls</c>), the noun it answers in paths
/// (<c>calls</c>) and its routes. The pipeline runs its stages in Crossbar's order: allowed methods (routes whose shape
/// matches, else 404; method not among them, 405 with Allow) → resource exists (identifiers well formed, else 404) →
/// authenticate (401) → authorize (the account is the token's or a descendant, else 404) → validate (query parameters
/// and body, 400/413; then the handler's own checks and loading) → execute (the handler).
/// </summary>
public abstract class CrossbarModule
{
    private IReadOnlyList<CrossbarRoute>? _routes;

    /// <summary>The module's name for <c>sup crossbar_maintenance start_module</c>, e.g. <c>cb_calls</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The path noun, e.g. <c>calls</c>.</summary>
    public abstract string Noun { get; }

    /// <summary>True for resources under <c>/v2/accounts/{ACCOUNT_ID}/</c>; false for top-level ones (<c>/v2/about</c>).</summary>
    public virtual bool AccountScoped => true;

    public IReadOnlyList<CrossbarRoute> Routes => _routes ??= DeclareRoutes();

    /// <summary>The module's routes; called once.</summary>
    protected abstract IReadOnlyList<CrossbarRoute> DeclareRoutes();

    /// <summary>What the routes' paths are relative to.</summary>
    public virtual string PathPrefix => AccountScoped ? $"/v2/accounts/{Identifiers.AccountId}/{Noun}" : $"/v2/{Noun}";

    /// <summary>The path template of a route, as the OpenAPI document shows it.</summary>
    public string Template(CrossbarRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return route.Path.Length == 0 ? PathPrefix : $"{PathPrefix}/{route.Path}";
    }
}
