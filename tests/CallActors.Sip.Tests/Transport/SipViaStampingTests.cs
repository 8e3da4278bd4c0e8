using System.Net;
using CallActors.Sip.Messages;
using CallActors.Sip.Transport;

namespace CallActors.Sip.Tests.Transport;

public sealed class SipViaStampingTests
{
    private static readonly IPEndPoint Source = new(IPAddress.Parse("203.0.113.7"), 40_123);

    [Fact]
    public void A_sent_by_name_gets_received_with_the_source_address()
    {
        var request = Request("SIP/2.0/UDP pc33.example.com:5060;branch=z9hG4bK776asdhds");

        SipViaStamping.Stamp(request, Source);

        var via = request.TopVia!;
        Assert.Equal("203.0.113.7", via.Received);
        Assert.False(via.HasRport);
        Assert.Equal("pc33.example.com", via.Host);
    }

    [Fact]
    public void A_sent_by_address_that_differs_from_the_source_gets_received()
    {
        var request = Request("SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK1");

        SipViaStamping.Stamp(request, Source);

        Assert.Equal("203.0.113.7", request.TopVia!.Received);
    }

    [Fact]
    public void A_sent_by_that_is_the_source_without_rport_is_left_as_it_was()
    {
        const string Via = "SIP/2.0/UDP 203.0.113.7:5060;branch=z9hG4bK1";
        var request = Request(Via);

        SipViaStamping.Stamp(request, Source);

        Assert.Equal(Via, request.Headers.Get(SipHeaderNames.Via));
    }

    [Fact]
    public void An_empty_rport_gets_the_source_port_and_received_even_when_the_address_matches()
    {
        var request = Request("SIP/2.0/UDP 203.0.113.7:5060;branch=z9hG4bK1;rport");

        SipViaStamping.Stamp(request, Source);

        var via = request.TopVia!;
        Assert.Equal(40_123, via.Rport);
        Assert.Equal("203.0.113.7", via.Received);
        Assert.Equal("z9hG4bK1", via.Branch);
    }

    [Fact]
    public void Only_the_top_Via_of_a_comma_joined_line_is_stamped_and_the_order_is_kept()
    {
        var request = Request("SIP/2.0/UDP nat.example.com;branch=z9hG4bK1;rport, SIP/2.0/UDP proxy.example.com;branch=z9hG4bK2");

        SipViaStamping.Stamp(request, Source);

        var vias = request.Vias;
        Assert.Equal(2, vias.Count);
        Assert.Equal("nat.example.com", vias[0].Host);
        Assert.Equal(40_123, vias[0].Rport);
        Assert.Equal("proxy.example.com", vias[1].Host);
        Assert.Null(vias[1].Received);
    }

    [Fact]
    public void An_IPv6_sent_by_in_brackets_matches_its_source()
    {
        const string Via = "SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK1";
        var request = Request(Via);

        SipViaStamping.Stamp(request, new IPEndPoint(IPAddress.Parse("2001:db8::1"), 5060));

        Assert.Equal(Via, request.Headers.Get(SipHeaderNames.Via));
    }

    private static SipRequest Request(string via)
    {
        var request = new SipRequest(SipMethods.Options, SipUri.Parse("sip:b@example.com"));
        request.Headers.Add(SipHeaderNames.Via, via);
        request.Headers.Add(SipHeaderNames.CallId, "c1");
        return request;
    }
}
