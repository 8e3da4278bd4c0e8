using System.Globalization;
using System.Text.Json;

namespace CallActors.Interop.Tests.Infrastructure;

/// <summary>One SIP message of a call as the node stored it (one chunk of a <c>sip-messages-recorded</c> event).</summary>
internal sealed record DialogueMessage(
    string Leg,
    string Direction,
    string Label,
    string CSeq,
    string Src,
    string Dst,
    string SipCallId,
    string Parser,
    DateTimeOffset Timestamp,
    IReadOnlyList<string> Raw)
{
    public bool IsReceived => Direction == "received";

    public bool IsResponse => Label.StartsWith("SIP/2.0 ", StringComparison.Ordinal);

    /// <summary>The request method, or the response code and the method of its CSeq: "INVITE", "180 INVITE", "200 BYE".</summary>
    public string What => IsResponse
        ? $"{Label.Split(' ')[1]} {CSeq.Split(' ')[^1]}"
        : Label.Split(' ')[0];

    /// <summary>The message in ladder notation (<see cref="Ladder"/>): "caller -> INVITE", "callee &lt;- BYE".</summary>
    public string Step => $"{Leg} {(IsReceived ? "->" : "<-")} {What}";

    /// <summary>The lines after the blank line that ends the headers.</summary>
    public IReadOnlyList<string> Body => Raw.SkipWhile(line => line.Length > 0).Skip(1).ToList();

    public static DialogueMessage FromChunk(JsonElement chunk) => new(
        chunk.GetProperty("leg").GetString()!,
        chunk.GetProperty("direction").GetString()!,
        chunk.GetProperty("label").GetString()!,
        chunk.GetProperty("cSeq").GetString() ?? string.Empty,
        chunk.GetProperty("src").GetString()!,
        chunk.GetProperty("dst").GetString()!,
        chunk.GetProperty("sipCallId").GetString()!,
        chunk.GetProperty("parser").GetString()!,
        DateTimeOffset.Parse(chunk.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture),
        chunk.GetProperty("raw").EnumerateArray().Select(line => line.GetString() ?? string.Empty).ToList());

    public override string ToString() => $"{Step} ({Src} > {Dst})";
}
