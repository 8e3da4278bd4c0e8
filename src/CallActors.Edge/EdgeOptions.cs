namespace CallActors.Edge;

/// <summary>The HTTP edge's settings (<c>callactors.crossbar</c> in hocon/crossbar.conf).</summary>
public sealed record EdgeOptions
{
    public string BindAddress { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 8000;

    /// <summary>Modules started when the node starts (Kazoo's <c>autoload_modules</c>).</summary>
    public IReadOnlyList<string> AutoloadModules { get; init; } = [];

    /// <summary>Larger request bodies get 413.</summary>
    public long MaxRequestBody { get; init; } = 64 * 1024;

    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(1);

    public int DefaultPageSize { get; init; } = 50;

    public int MaxPageSize { get; init; } = 1000;

    /// <summary>How long <c>stop_module</c> waits for the module's requests in flight.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a request waits for a call actor's answer before it gets 503.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>PDD above this is reported by the call inspector's analysis.</summary>
    public TimeSpan LongPdd { get; init; } = TimeSpan.FromSeconds(5);
}
