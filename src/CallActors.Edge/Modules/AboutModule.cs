using CallActors.Edge.Crossbar;

namespace CallActors.Edge.Modules;

/// <summary><c>cb_about</c>: <c>GET /v2/about</c>, the node's version, name and running modules.</summary>
public sealed class AboutModule(EdgeServices services) : CrossbarModule
{
    public override string Name => "cb_about";

    public override string Noun => "about";

    public override bool AccountScoped => false;

    protected override IReadOnlyList<CrossbarRoute> DeclareRoutes() =>
    [
        new("GET", "", "The node's version, name, start time and running modules.", _ => ValueTask.FromResult(CrossbarResult.Ok(Describe()))),
    ];

    private About Describe()
    {
        var now = services.Time.GetUtcNow();
        return new About(
            services.Version,
            services.Node,
            [.. services.Modules.Running().Select(m => m.Name)],
            [.. services.Modules.Modules().Select(m => new ModuleStatus(m.Name, m.State.ToString().ToLowerInvariant(), m.InFlight))],
            services.StartedAt,
            (long)(now - services.StartedAt).TotalSeconds);
    }

    private sealed record About(string Version, string Node, IReadOnlyList<string> RunningModules, IReadOnlyList<ModuleStatus> Modules, DateTimeOffset StartedAt, long UptimeSeconds);

    private sealed record ModuleStatus(string Name, string State, int InFlight);
}
