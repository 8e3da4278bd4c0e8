using CallActors.Sip.Messages;

namespace CallActors.Sip.Tests;

/// <summary>The URI and name-addr rules the parser depends on (RFC 3261 §19.1, §20.10, §25.1).</summary>
public sealed class SipAddressParsingTests
{
    [Fact]
    public void A_user_part_may_hold_question_marks_and_semicolons()
    {
        var uri = SipUri.Parse("sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:pass@example.com;lr");

        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", uri.User);
        Assert.Equal("pass", uri.Password);
        Assert.Equal("example.com", uri.Host);
        Assert.True(uri.Parameters.Contains("lr"));
        Assert.Null(uri.Headers);
    }

    [Fact]
    public void A_raw_at_sign_in_a_header_value_stays_in_the_headers()
    {
        var uri = SipUri.Parse("sip:bob@example.com?Replaces=abc@192.0.2.1%3Bto-tag%3D1");

        Assert.Equal("bob", uri.User);
        Assert.Equal("example.com", uri.Host);
        Assert.Equal("Replaces=abc@192.0.2.1%3Bto-tag%3D1", uri.Headers);
    }

    [Fact]
    public void An_addr_spec_may_have_whitespace_before_its_parameters()
    {
        var address = NameAddress.Parse("sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n");

        Assert.Equal("sip:vivekg@chair-dnrc.example.com", address.Uri.ToString());
        Assert.Equal("1918181833n", address.Tag);
    }

    [Theory]
    [InlineData("caller<sip:caller@example.com>;tag=323", "caller")]
    [InlineData("token1~` token2'+_ token3*%!.- <sip:mundane@example.com>", "token1~` token2'+_ token3*%!.-")]
    [InlineData("\"Bell, Alexander\" <sip:a.g.bell@example.com>", "Bell, Alexander")]
    [InlineData("Zoë Ångström <sip:zoe@example.com>", "Zoë Ångström")]
    public void A_display_name_is_quoted_or_made_of_tokens(string text, string displayName) =>
        Assert.Equal(displayName, NameAddress.Parse(text).DisplayName);

    [Theory]
    [InlineData("Bell, Alexander <sip:a.g.bell@example.com>", "display name 'Bell, Alexander' must be quoted")]
    [InlineData("\"Watson, Thomas\" < sip:t.watson@example.org >", "whitespace inside < sip:t.watson@example.org >")]
    [InlineData("sip:user@example.com?Route=%3Csip:sip.example.com%3E", "'sip:user@example.com?Route=%3Csip:sip.example.com%3E' must be enclosed in <> (it contains ',' or '?')")]
    [InlineData("\"Mr. J. User <sip:j.user@example.com>", "unterminated quoted display name")]
    public void A_malformed_address_is_refused_with_the_reason(string text, string error)
    {
        Assert.False(NameAddress.TryParse(text, out _, out var reason));
        Assert.Equal(error, reason);
    }

    [Fact]
    public void A_name_addr_may_carry_URI_headers()
    {
        var address = NameAddress.Parse("<sip:user@example.com?Route=%3Csip:sip.example.com%3E>");

        Assert.Equal("Route=%3Csip:sip.example.com%3E", address.Uri.Headers);
    }
}
