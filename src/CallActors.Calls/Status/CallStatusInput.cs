namespace CallActors.Calls.Status;

/// <summary>Something that happened to a call and may change its status; each carries the time it happened.</summary>
public abstract record CallStatusInput(DateTimeOffset At);

/// <summary>A provisional response from the callee (180, 183…; a 100 means nothing here).</summary>
public sealed record CalleeProgress(int StatusCode, DateTimeOffset At) : CallStatusInput(At);

/// <summary>The callee answered with a 2xx.</summary>
public sealed record CalleeAnswered(DateTimeOffset At) : CallStatusInput(At);

/// <summary>The callee ended the INVITE with a final 3xx–6xx before answering.</summary>
public sealed record CalleeRejected(int StatusCode, DateTimeOffset At) : CallStatusInput(At);

/// <summary>The caller sent CANCEL before the answer.</summary>
public sealed record CallerCancelled(DateTimeOffset At) : CallStatusInput(At);

/// <summary>The route's ring timeout fired before the answer.</summary>
public sealed record RingTimeout(DateTimeOffset At) : CallStatusInput(At);

/// <summary>The node refused the call itself (no route, overload, loop, too many hops, bad request).</summary>
public sealed record Rejected(int StatusCode, string Cause, DateTimeOffset At) : CallStatusInput(At);

/// <summary>A BYE after the answer (caller, callee, or the API), or the media stopped flowing.</summary>
public sealed record HungUp(HangupSource Source, DateTimeOffset At) : CallStatusInput(At);

/// <summary>A leg stopped answering: a client transaction timed out, or the caller never sent the ACK of our 2xx.</summary>
public sealed record TransactionTimedOut(string Leg, DateTimeOffset At) : CallStatusInput(At);

/// <summary>The node restarted while the call was in progress (recovery finds it not ended).</summary>
public sealed record NodeRestarted(DateTimeOffset At) : CallStatusInput(At);
