using CallActors.Interop.Tests.Infrastructure;

namespace CallActors.Interop.Tests.Media;

/// <summary>
/// A fact that captures on lo: it needs tshark's dumpcap and root. Like <see cref="PeerFactAttribute"/>, it is skipped
/// on a developer machine without them and never in CI (CI=true), where the test then fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LoopbackCaptureFactAttribute : FactAttribute
{
    public LoopbackCaptureFactAttribute()
    {
        if (Peers.IsCi)
        {
            return;
        }

        if (Peers.Find("tshark") is null || Peers.Find("dumpcap") is null)
        {
            Skip = Peers.Missing("tshark", "tshark");
        }
        else if (!Environment.IsPrivilegedProcess)
        {
            Skip = "capturing on lo needs root: run the interop tests as root (CI does)";
        }
    }
}
