using CallActors.Edge.Crossbar;
using CallActors.Edge.Hosting;

namespace CallActors.Node.Admin;

/// <summary>The maintenance modules <c>callactors sup</c> can reach on this node: today <c>crossbar_maintenance</c>,
/// answered by the HTTP edge once it has started.</summary>
public sealed class NodeAdminCommands : IAdminCommands
{
    private EdgeNode? _edge;

    /// <summary>Set when the edge has started; null while the node starts or when the API is off.</summary>
    public EdgeNode? Edge
    {
        get => Volatile.Read(ref _edge);
        set => Volatile.Write(ref _edge, value);
    }

    public async Task<AdminReply> RunAsync(AdminRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Module != CrossbarMaintenance.ModuleName)
        {
            return new AdminReply(64, $"unknown module '{request.Module}'; modules: {CrossbarMaintenance.ModuleName}");
        }
        if (Edge is not { } edge)
        {
            return new AdminReply(69, "the HTTP API is not running on this node (starting, or callactors.crossbar.enabled = off)");
        }
        var (exitCode, output) = await edge.Maintenance.RunAsync(request.Function, request.Args, ct).ConfigureAwait(false);
        return new AdminReply(exitCode, output);
    }
}
