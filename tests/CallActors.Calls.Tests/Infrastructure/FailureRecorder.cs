using System.Collections.Concurrent;
using CallActors.Actors;

namespace CallActors.Calls.Tests.Infrastructure;

/// <summary>Collects every actor failure of a system (from its event stream), so a test can assert that none
/// happened: a call actor that throws is restarted from the journal and can look fine from outside.</summary>
internal sealed class FailureRecorder : ReceiveActor
{
    public FailureRecorder(ConcurrentQueue<ActorFailed> failures) => Receive<ActorFailed>(failures.Enqueue);

    public static ConcurrentQueue<ActorFailed> Attach(ActorSystem system)
    {
        var failures = new ConcurrentQueue<ActorFailed>();
        var recorder = system.ActorOf(Props.Create(() => new FailureRecorder(failures)));
        system.EventStream.Subscribe<ActorFailed>(recorder);
        return failures;
    }
}
