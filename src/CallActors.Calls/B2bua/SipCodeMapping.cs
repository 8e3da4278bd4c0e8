namespace CallActors.Calls.B2bua;

/// <summary>How a final failure from the callee is relayed to the caller: most codes pass through; the ones that only
/// make sense on the hop that produced them are mapped.</summary>
public static class SipCodeMapping
{
    public static int ToCaller(int calleeCode) => calleeCode switch
    {
        // The caller cannot answer a challenge addressed to the node's own leg.
        401 or 407 => 403,
        // RFC 3261 §16.7 (6): a 503 from downstream must not reach the caller as 503 (it would stop using us).
        503 => 500,
        // Hop-by-hop conditions of the callee leg.
        481 or 482 or 483 => 480,
        // A redirect we did not follow: the callee is not reachable through this route.
        >= 300 and < 400 => 480,
        _ => calleeCode,
    };
}
