namespace CallActors.Node.Admin;

/// <summary>Runs the maintenance functions the admin socket receives; the node registers one in DI.</summary>
public interface IAdminCommands
{
    /// <summary>Runs the request; an exception becomes exit code 70 for the caller, so expected failures should be replies.</summary>
    Task<AdminReply> RunAsync(AdminRequest request, CancellationToken ct);
}
