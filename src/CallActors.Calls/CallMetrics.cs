using System.Diagnostics.Metrics;

namespace CallActors.Calls;

/// <summary>The instruments of the "CallActors.Calls" meter: calls admitted, in progress and refused; recordings
/// capturing, settled (by outcome) and upload attempts (by result).</summary>
internal static class CallMetrics
{
    public const string MeterName = "CallActors.Calls";

    private static readonly Meter Meter = new(MeterName);

    // The codes CallsActor refuses with before a call exists, as tags made once: a 503 storm must not allocate.
    private static readonly KeyValuePair<string, object?> Overloaded = new("code", "503");
    private static readonly KeyValuePair<string, object?> LoopDetected = new("code", "482");
    private static readonly KeyValuePair<string, object?> TooManyHops = new("code", "483");

    public static readonly Counter<long> Started = Meter.CreateCounter<long>(
        "callactors.calls.started",
        unit: "{call}",
        description: "INVITEs admitted as new calls (rate() gives calls per second).");

    public static readonly UpDownCounter<long> Active = Meter.CreateUpDownCounter<long>(
        "callactors.calls.active",
        unit: "{call}",
        description: "Calls admitted and not yet finished.");

    public static readonly Counter<long> Refused = Meter.CreateCounter<long>(
        "callactors.calls.refused",
        unit: "{call}",
        description: "INVITEs refused before a call existed, by SIP status code (503 overload, 482 loop, 483 hops).");

    public static readonly UpDownCounter<long> RecordingsCapturing = Meter.CreateUpDownCounter<long>(
        "callactors.recordings.capturing",
        unit: "{recording}",
        description: "Recordings capturing audio now.");

    public static readonly Counter<long> RecordingsSettled = Meter.CreateCounter<long>(
        "callactors.recordings.settled",
        unit: "{recording}",
        description: "Recordings that reached their end, by status (stored, discarded, failed, upload_failed).");

    public static readonly Counter<long> RecordingUploads = Meter.CreateCounter<long>(
        "callactors.recordings.uploads",
        unit: "{attempt}",
        description: "Recording upload attempts, by result (delivered, failed).");

    private static readonly KeyValuePair<string, object?> Delivered = new("result", "delivered");
    private static readonly KeyValuePair<string, object?> UploadFailed = new("result", "failed");

    public static void RecordingUploaded(bool delivered) => RecordingUploads.Add(1, delivered ? Delivered : UploadFailed);

    public static void RecordingSettled(string status) => RecordingsSettled.Add(1, new KeyValuePair<string, object?>("status", status));

    public static void CallStarted()
    {
        Started.Add(1);
        Active.Add(1);
    }

    public static void CallFinished() => Active.Add(-1);

    public static void CallRefused(int code) => Refused.Add(1, code switch
    {
        503 => Overloaded,
        482 => LoopDetected,
        483 => TooManyHops,
        _ => new KeyValuePair<string, object?>("code", code.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    });
}
