using System.Diagnostics.Metrics;
using System.Globalization;
using CallActors.Sip.Messages;

namespace CallActors.Sip.Transport;

/// <summary>The transport's instruments on the "CallActors.Sip" meter.</summary>
internal static class SipTransportMetrics
{
    public const string MeterName = "CallActors.Sip";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Received = Meter.CreateCounter<long>(
        "callactors.sip.transport.received",
        unit: "{message}",
        description: "SIP messages received and parsed.");

    public static readonly Counter<long> Sent = Meter.CreateCounter<long>(
        "callactors.sip.transport.sent",
        unit: "{message}",
        description: "SIP messages handed to a socket.");

    public static readonly Counter<long> Rejected = Meter.CreateCounter<long>(
        "callactors.sip.transport.rejected",
        unit: "{message}",
        description: "Received messages that did not parse or broke a limit (answered statelessly when possible).");

    public static readonly Counter<long> Dropped = Meter.CreateCounter<long>(
        "callactors.sip.transport.dropped",
        unit: "{message}",
        description: "Received messages dropped because the queue to the transaction layer was full.");

    public static readonly Counter<long> SendErrors = Meter.CreateCounter<long>(
        "callactors.sip.transport.send_errors",
        unit: "{message}",
        description: "Messages that could not be sent (socket error, connect failure, full connection queue).");

    public static readonly Counter<long> Messages = Meter.CreateCounter<long>(
        "callactors.sip.messages",
        unit: "{message}",
        description: "SIP messages received and sent, by direction, method (a response's CSeq method) and response code.");

    private static readonly KeyValuePair<string, object?> ReceivedTag = new("direction", "received");
    private static readonly KeyValuePair<string, object?> SentTag = new("direction", "sent");

    // Method tags are limited to the methods we know: a peer choosing the method token must not create series.
    private static readonly KeyValuePair<string, object?>[] MethodTags =
    [
        .. new[]
        {
            SipMethods.Invite, SipMethods.Ack, SipMethods.Bye, SipMethods.Cancel, SipMethods.Options, SipMethods.Register,
            SipMethods.Prack, SipMethods.Update, SipMethods.Info, SipMethods.Refer, SipMethods.Notify, SipMethods.Subscribe,
            SipMethods.Message, SipMethods.Publish,
        }.Select(m => new KeyValuePair<string, object?>("method", m)),
    ];

    private static readonly KeyValuePair<string, object?> OtherMethodTag = new("method", "other");

    // One tag per status code, made once, so counting a response does not format its code.
    private static readonly KeyValuePair<string, object?>[] CodeTags =
        [.. Enumerable.Range(100, 600).Select(c => new KeyValuePair<string, object?>("code", c.ToString(CultureInfo.InvariantCulture)))];

    /// <summary>Counts a message on <see cref="Messages"/>; requests carry no code tag.</summary>
    public static void AddMessage(SipMessage message, bool sent)
    {
        if (!Messages.Enabled)
        {
            return;
        }

        var direction = sent ? SentTag : ReceivedTag;
        if (message is SipResponse response)
        {
            var code = response.StatusCode is >= 100 and <= 699
                ? CodeTags[response.StatusCode - 100]
                : new KeyValuePair<string, object?>("code", response.StatusCode.ToString(CultureInfo.InvariantCulture));
            Messages.Add(1, direction, MethodTag(CSeqMethod(response)), code);
        }
        else
        {
            Messages.Add(1, direction, MethodTag(((SipRequest)message).Method));
        }
    }

    private static KeyValuePair<string, object?> MethodTag(ReadOnlySpan<char> method)
    {
        foreach (var tag in MethodTags)
        {
            if (method.SequenceEqual((string)tag.Value!))
            {
                return tag;
            }
        }

        return OtherMethodTag;
    }

    // The method is the CSeq value's last token; reading it here avoids the string SipMessage.CSeq would make.
    private static ReadOnlySpan<char> CSeqMethod(SipResponse response)
    {
        var text = response.Headers.Get(SipHeaderNames.CSeq).AsSpan().Trim(" \t");
        var space = text.LastIndexOfAny(' ', '\t');
        return space < 0 ? [] : text[(space + 1)..];
    }
}
