using CallActors.Sip.Messages;
using CallActors.Sip.Transport;

namespace CallActors.Sip.Tests.Transactions;

/// <summary>One message handed to the transport, with when (milliseconds since the test started) and where to.</summary>
internal sealed record SentMessage(SipMessage Message, SipEndPoint Destination, long AtMilliseconds);

/// <summary>A transport that records what it is asked to send.</summary>
internal sealed class FakeTransport(TimeProvider time) : ISipTransport
{
    private readonly DateTimeOffset _start = time.GetUtcNow();
    private readonly Lock _gate = new();
    private readonly List<SentMessage> _sent = [];

    public string AdvertisedHost => "192.0.2.10";

    public int AdvertisedPort => 5060;

    public IReadOnlyList<SentMessage> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    public void Send(SipMessage message, SipEndPoint destination)
    {
        var at = (long)(time.GetUtcNow() - _start).TotalMilliseconds;
        lock (_gate)
        {
            _sent.Add(new SentMessage(message, destination, at));
        }
    }

    /// <summary>When this very message object was sent, in milliseconds.</summary>
    public long[] SentAt(SipMessage message) =>
        [.. Sent.Where(s => ReferenceEquals(s.Message, message)).Select(s => s.AtMilliseconds)];

    /// <summary>The responses sent, in order.</summary>
    public SipResponse[] Responses => [.. Sent.Select(s => s.Message).OfType<SipResponse>()];

    /// <summary>The requests sent with a method, in order.</summary>
    public SipRequest[] Requests(string method) =>
        [.. Sent.Select(s => s.Message).OfType<SipRequest>().Where(r => r.Method == method)];
}
