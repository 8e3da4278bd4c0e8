namespace CallActors.Edge.Tests.Infrastructure;

/// <summary>One node shared by the tests of a class (each test makes its own accounts, so they do not see each
/// other's data). Subclasses pick the loopback address.</summary>
public abstract class EdgeNodeFixture : IAsyncLifetime
{
    private EdgeTestNode? _node;

    internal EdgeTestNode Node => _node ?? throw new InvalidOperationException("not started");

    protected abstract string Address { get; }

    protected virtual string[] Settings => [];

    public async Task InitializeAsync() => _node = await EdgeTestNode.StartAsync(Address, Settings);

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}

/// <summary>The node of <see cref="Api.ApiTests"/>: 127.0.70.1, a small body limit so 413 is cheap to provoke.</summary>
public sealed class ApiNodeFixture : EdgeNodeFixture
{
    protected override string Address => "127.0.70.1";

    protected override string[] Settings => ["callactors.crossbar.max-request-body=2048"];
}

/// <summary>The node of <see cref="Api.ModuleLifecycleTests"/>: 127.0.70.2.</summary>
public sealed class LifecycleNodeFixture : EdgeNodeFixture
{
    protected override string Address => "127.0.70.2";
}

/// <summary>The node of <see cref="Api.CallControlWithoutCallsTests"/>: 127.0.70.3, SIP off, so no calls directory.</summary>
public sealed class NoCallsNodeFixture : EdgeNodeFixture
{
    protected override string Address => "127.0.70.3";

    protected override string[] Settings => ["callactors.sip.enabled=off"];
}
