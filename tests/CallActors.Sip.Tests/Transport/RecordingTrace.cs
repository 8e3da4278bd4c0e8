using System.Collections.Concurrent;
using CallActors.Sip.Transport;

namespace CallActors.Sip.Tests.Transport;

internal sealed class RecordingTrace : ISipTraceSink
{
    private readonly ConcurrentQueue<SipTraceRecord> _records = new();

    public IReadOnlyList<SipTraceRecord> Records => [.. _records];

    public IReadOnlyList<SipTraceRecord> Of(SipTraceDirection direction) => Records.Where(r => r.Direction == direction).ToList();

    public void OnTrace(SipTraceRecord record) => _records.Enqueue(record);
}
