using CallActors.TestKit;
using System.Net;
using CallActors.Media.Relay;

namespace CallActors.Media.Tests.Relay;

/// <summary>A relay with one open session on a test's own loopback address, and the peers the test created.</summary>
internal sealed class RelayUnderTest : IDisposable
{
    private readonly List<UdpTestPeer> _peers = [];

    public RelayUnderTest(string address, int portMin, int portMax, TimeProvider? time = null, int workers = 1)
        // A clock that stands still unless the test moves it: a loaded machine must not trigger relearn-after-silence.
        : this(address, portMin, portMax, time ?? new ManualTimeProvider(), workers, new ListLogger<MediaRelay>())
    {
    }

    private RelayUnderTest(string address, int portMin, int portMax, TimeProvider time, int workers, ListLogger<MediaRelay> logger)
    {
        Address = address;
        var options = new MediaRelayOptions
        {
            BindAddress = IPAddress.Parse(address),
            PortMin = portMin,
            PortMax = portMax,
            Workers = workers,
        };
        Log = logger;
        Relay = new MediaRelay(options, time, logger);
        Session = Relay.Open("call-1@relay.test", Observer);
    }

    public string Address { get; }

    public ListLogger<MediaRelay> Log { get; }

    public MediaRelay Relay { get; }

    public RecordingObserver Observer { get; } = new();

    public RelaySession Session { get; }

    public RelayLeg Caller => Session.Caller;

    public RelayLeg Callee => Session.Callee;

    /// <summary>A UDP socket on the relay's address (any free port unless given), closed with the relay.</summary>
    public UdpTestPeer Peer(int port = 0)
    {
        var peer = new UdpTestPeer(Address, port);
        _peers.Add(peer);
        return peer;
    }

    /// <summary>A peer per leg, each announced in its leg's SDP (RTCP on RTP + 1, not multiplexed).</summary>
    public (UdpTestPeer Caller, UdpTestPeer Callee) ConnectBothLegs()
    {
        var caller = Peer();
        var callee = Peer();
        Caller.SetPeer(caller.EndPoint, null, rtcpMux: false);
        Callee.SetPeer(callee.EndPoint, null, rtcpMux: false);
        return (caller, callee);
    }

    public void Dispose()
    {
        Relay.Dispose();
        foreach (var peer in _peers)
        {
            peer.Dispose();
        }
    }
}
