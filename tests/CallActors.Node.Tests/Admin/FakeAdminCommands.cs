using System.Collections.Concurrent;
using CallActors.Node.Admin;

namespace CallActors.Node.Tests.Admin;

/// <summary>An <see cref="IAdminCommands"/> that answers through a function and keeps the requests it received.</summary>
internal sealed class FakeAdminCommands(Func<AdminRequest, CancellationToken, Task<AdminReply>> run) : IAdminCommands
{
    private readonly ConcurrentQueue<AdminRequest> _received = new();

    public FakeAdminCommands(AdminReply reply)
        : this((_, _) => Task.FromResult(reply))
    {
    }

    public IReadOnlyList<AdminRequest> Received => [.. _received];

    public Task<AdminReply> RunAsync(AdminRequest request, CancellationToken ct)
    {
        _received.Enqueue(request);
        return run(request, ct);
    }
}
