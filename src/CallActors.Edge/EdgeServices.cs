using CallActors.Actors;
using CallActors.Calls.ReadModel;
using CallActors.Edge.Accounts;
using CallActors.Edge.Crossbar;

namespace CallActors.Edge;

/// <summary>What the modules work with: the accounts, the tokens, the calls read model, the calls directory (the way to
/// a call's actor), the registry of modules and the node's identity.</summary>
public sealed class EdgeServices
{
    public required EdgeOptions Options { get; init; }

    public required string Node { get; init; }

    public required string Version { get; init; }

    public required TimeProvider Time { get; init; }

    public required AccountBook Accounts { get; init; }

    /// <summary>The <see cref="AccountsActor"/>: every change to accounts goes through it.</summary>
    public required IActorRef AccountsActor { get; init; }

    public required AuthTokens Tokens { get; init; }

    public required CallReadModelStore Calls { get; init; }

    public required CallReadModelProjector Projector { get; init; }

    /// <summary>The calls directory (<c>/user/calls</c>), or Nobody when the node takes no SIP.</summary>
    public required IActorRef CallsDirectory { get; init; }

    public ModuleRegistry Modules { get; set; } = null!;

    public DateTimeOffset StartedAt { get; init; }
}
