namespace CallActors.Actors.Internal;

/// <summary>A user message and its sender, as queued in a mailbox; Redelivered once it comes back from a stash.</summary>
internal readonly record struct Envelope(object Message, IActorRef? Sender, bool Redelivered = false);
