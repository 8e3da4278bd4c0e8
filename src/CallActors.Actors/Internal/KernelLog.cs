using Microsoft.Extensions.Logging;

namespace CallActors.Actors.Internal;

/// <summary>The kernel's log lines; each names the actor path.</summary>
internal sealed partial class KernelLog(ILogger logger)
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Actor {Path} failed while handling {MessageType}")]
    public partial void ActorFailed(string path, string messageType, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Supervisor of {Path} decided {Directive} for {ExceptionType}")]
    public partial void SupervisorDecided(string path, string directive, string exceptionType);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Dead letter #{Count}: {MessageType} from {Sender} to {Recipient} was not delivered")]
    public partial void DeadLetter(long count, string messageType, string sender, string recipient);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "PostStop of {Path} threw")]
    public partial void PostStopFailed(string path, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "PreRestart of {Path} threw")]
    public partial void PreRestartFailed(string path, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Coordinated shutdown started: {Reason}")]
    public partial void ShutdownStarted(string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Shutdown phase {Phase}: running {TaskCount} task(s)")]
    public partial void ShutdownPhaseStarted(string phase, int taskCount);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Shutdown task {Task} in phase {Phase} did not finish: {Problem}")]
    public partial void ShutdownTaskFailed(string phase, string task, string problem, Exception? exception);
}
