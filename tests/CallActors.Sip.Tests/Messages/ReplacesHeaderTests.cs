using CallActors.Sip.Messages;

namespace CallActors.Sip.Tests;

/// <summary>The Replaces header of RFC 3891 §6.1, as phones put it (unescaped) in a REFER's Refer-To.</summary>
public sealed class ReplacesHeaderTests
{
    [Fact]
    public void The_rfc_example_parses_to_its_call_id_and_tags()
    {
        Assert.True(ReplacesHeader.TryParse("425928@bobster.example.org;to-tag=7743;from-tag=6472", out var replaces, out var error), error);

        Assert.Equal(new ReplacesHeader("425928@bobster.example.org", "7743", "6472"), replaces);
        Assert.Equal("425928@bobster.example.org;to-tag=7743;from-tag=6472", replaces.ToString());
    }

    [Fact]
    public void Parameters_may_come_in_any_order_with_spaces_and_early_only_and_unknown_ones()
    {
        Assert.True(ReplacesHeader.TryParse(" 98asjd8@test.example.com ; early-only ; FROM-TAG = 12 ; x=y ; to-tag=abc", out var replaces, out var error), error);

        Assert.Equal(new ReplacesHeader("98asjd8@test.example.com", "abc", "12", EarlyOnly: true), replaces);
        Assert.Equal("98asjd8@test.example.com;to-tag=abc;from-tag=12;early-only", replaces.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(";to-tag=1;from-tag=2")]
    [InlineData("abc@host")]
    [InlineData("abc@host;to-tag=1")]
    [InlineData("abc@host;from-tag=2")]
    [InlineData("abc@host;to-tag=;from-tag=2")]
    [InlineData("abc@host;to-tag=1;from-tag=a b")]
    [InlineData("abc host;to-tag=1;from-tag=2")]
    [InlineData("abc\"@host;to-tag=1;from-tag=2")]
    public void Anything_without_a_call_id_and_both_tags_is_refused_with_a_reason(string? text)
    {
        Assert.False(ReplacesHeader.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
