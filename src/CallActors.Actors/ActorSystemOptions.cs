using CallActors.Actors.Supervision;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallActors.Actors;

/// <summary>Settings of one actor system.</summary>
public sealed record ActorSystemOptions
{
    /// <summary>Messages an actor handles before it yields its thread to other actors.</summary>
    public int Throughput { get; init; } = 100;

    /// <summary>The clock of timers, receive timeouts and Ask deadlines; tests inject a manual one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>How top-level actors (under /user) are supervised.</summary>
    public SupervisorStrategy GuardianStrategy { get; init; } = SupervisorStrategy.DefaultStrategy;

    /// <summary>Dead letters logged one by one before logging switches to one line per 1,000.</summary>
    public int DeadLettersLoggedInFull { get; init; } = 10;

    /// <summary>The phases of coordinated shutdown, in order, and each phase's timeout.</summary>
    public IReadOnlyList<ShutdownPhase> ShutdownPhases { get; init; } = CoordinatedShutdown.DefaultPhases;
}
