using System.Net;

namespace CallActors.Interop.Tests.Media;

/// <summary>One row of tshark's <c>-z rtp,streams</c> table; columns an older tshark does not print are null.</summary>
/// <param name="Lost">Expected − received; negative when duplicates outnumber losses.</param>
/// <param name="HasProblems">tshark flagged a sequence error, wrong timestamp or the like ("X").</param>
internal sealed record TsharkRtpStream(
    double? StartSeconds,
    double? EndSeconds,
    IPEndPoint Source,
    IPEndPoint Destination,
    uint Ssrc,
    string Payload,
    int Packets,
    int Lost,
    double LostPercent,
    double? MinDeltaMs,
    double? MeanDeltaMs,
    double? MaxDeltaMs,
    double? MinJitterMs,
    double? MeanJitterMs,
    double? MaxJitterMs,
    bool HasProblems);
