using System.Security.Cryptography;

namespace CallActors.Sip.Messages;

/// <summary>Fresh identifiers with the randomness RFC 3261 asks for: branches (§8.1.1.7, magic cookie + 64 bits),
/// tags (§19.3, ≥ 32 bits) and Call-IDs (§8.1.1.4).</summary>
public static class SipIds
{
    public static string NewBranch() => ViaHeader.MagicCookie + RandomHex(8);

    public static string NewTag() => RandomHex(6);

    public static string NewCallId(string host) => RandomHex(12) + "@" + host;

    private static string RandomHex(int bytes)
    {
        Span<byte> buffer = stackalloc byte[16];
        RandomNumberGenerator.Fill(buffer[..bytes]);
        return Convert.ToHexStringLower(buffer[..bytes]);
    }
}
