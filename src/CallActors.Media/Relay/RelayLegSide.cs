namespace CallActors.Media.Relay;

/// <summary>Which of a session's two legs: the one that called or the one that was called.</summary>
public enum RelayLegSide
{
    Caller,
    Callee,
}
