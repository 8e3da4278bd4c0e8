namespace CallActors.Media.Packets;

/// <summary>What one telephone-event packet meant for the event in progress.</summary>
public enum TelephoneEventTransition
{
    /// <summary>A new event began (marker bit or a new timestamp).</summary>
    Started,

    /// <summary>An update of the event in progress: its duration grew.</summary>
    Continued,

    /// <summary>The first packet with the E bit: the event is over, count it now.</summary>
    Ended,

    /// <summary>A one-packet event: new and already ended.</summary>
    StartedAndEnded,

    /// <summary>A retransmitted end packet (usually three are sent) or a late update of a finished event; count nothing.</summary>
    Repeated,
}

/// <summary>
/// The per-SSRC state of RFC 4733 event detection: the timestamp and code of the latest event and whether
/// its end was seen. Pure: <see cref="Next"/> returns the new state and the transition.
/// </summary>
public readonly record struct TelephoneEventStateMachine(bool HasEvent, uint Timestamp, byte Event, bool Ended)
{
    /// <summary>The state before any event packet.</summary>
    public static TelephoneEventStateMachine Initial => default;

    /// <summary>
    /// All packets of one event carry the event's start timestamp (RFC 4733 §2.5.1), so a different
    /// timestamp or code means a new event; the marker bit alone is not trusted because senders also
    /// retransmit the first packet. An event whose end packets were all lost simply ends when the next starts.
    /// </summary>
    public (TelephoneEventStateMachine State, TelephoneEventTransition Transition) Next(
        uint timestamp, in TelephoneEvent telephoneEvent)
    {
        var isNew = !HasEvent || timestamp != Timestamp || telephoneEvent.Event != Event;
        if (isNew)
        {
            var state = new TelephoneEventStateMachine(true, timestamp, telephoneEvent.Event, telephoneEvent.End);
            return (state, telephoneEvent.End ? TelephoneEventTransition.StartedAndEnded : TelephoneEventTransition.Started);
        }

        if (Ended)
        {
            return (this, TelephoneEventTransition.Repeated);
        }

        return telephoneEvent.End
            ? (this with { Ended = true }, TelephoneEventTransition.Ended)
            : (this, TelephoneEventTransition.Continued);
    }
}
