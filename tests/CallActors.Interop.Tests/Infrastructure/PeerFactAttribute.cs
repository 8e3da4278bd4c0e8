namespace CallActors.Interop.Tests.Infrastructure;

/// <summary>
/// A fact that needs real peers, given as pairs of binary and Debian package (<c>"sipp", "sip-tester"</c>): skipped on
/// a developer machine without one of them, never skipped in CI (CI=true), where <see cref="Peers.Require"/> at the
/// start of the test fails it with the same message.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PeerFactAttribute : FactAttribute
{
    public PeerFactAttribute(string binary, string debianPackage, params string[] morePeers)
    {
        if (morePeers.Length % 2 != 0)
        {
            throw new ArgumentException("peers come in pairs: binary, Debian package", nameof(morePeers));
        }

        if (Peers.IsCi)
        {
            return;
        }

        string[] peers = [binary, debianPackage, .. morePeers];
        for (var i = 0; i < peers.Length; i += 2)
        {
            if (Peers.Find(peers[i]) is null)
            {
                Skip = Peers.Missing(peers[i], peers[i + 1]);
                return;
            }
        }
    }
}
