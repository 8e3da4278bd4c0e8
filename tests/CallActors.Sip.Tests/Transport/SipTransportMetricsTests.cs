using System.Diagnostics.Metrics;
using CallActors.Sip.Messages;
using CallActors.Sip.Transport;

namespace CallActors.Sip.Tests.Transport;

/// <summary>The callactors.sip.messages counter's tags (other tests count messages too, so the test looks for
/// tag sets only it produces).</summary>
public sealed class SipTransportMetricsTests
{
    [Fact]
    public void Messages_are_counted_by_direction_method_and_code_and_unknown_methods_share_one_tag()
    {
        var request = (SipRequest)SipParser.Parse(SipText.Bytes(SipText.Request("BYE", cseq: 7)), SipParserOptions.Default).Message!;
        var unknown = (SipRequest)SipParser.Parse(SipText.Bytes(SipText.Request("XYZZY")), SipParserOptions.Default).Message!;
        var response = SipResponse.CreateFor(request, 499, "Test Only", "t1");
        var seen = new List<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == SipTransportMetrics.MeterName && i.Name == "callactors.sip.messages")
                {
                    l.EnableMeasurementEvents(i);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var text = string.Join(",", tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
            lock (seen)
            {
                seen.Add(text);
            }
        });
        listener.Start();

        SipTransportMetrics.AddMessage(response, sent: true);
        SipTransportMetrics.AddMessage(unknown, sent: false);

        lock (seen)
        {
            Assert.Contains("code=499,direction=sent,method=BYE", seen);
            Assert.Contains("direction=received,method=other", seen);
        }
    }
}
