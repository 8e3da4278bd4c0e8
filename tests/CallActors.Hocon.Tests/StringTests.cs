using Xunit;
using static CallActors.Hocon.Tests.TestHocon;

namespace CallActors.Hocon.Tests;

public sealed class StringTests
{
    [Fact]
    public void Quoted_string_json_escapes_are_decoded() =>
        Assert.Equal(
            "q\"b\\s/n\nr\rt\tb\bf\fu\u00e9",
            Parse("""a = "q\"b\\s\/n\nr\rt\tb\bf\fu\u00e9" """).GetString("a"));

    [Fact]
    public void Unquoted_concatenation_keeps_inner_whitespace_and_trims_the_ends() =>
        Assert.Equal("hello   world", Parse("x =   hello   world   ").GetString("x"));

    [Fact]
    public void Quoted_and_unquoted_pieces_on_one_line_concatenate() =>
        Assert.Equal("foo bar baz", Parse("x = foo\" bar \"baz").GetString("x"));

    [Fact]
    public void Numbers_and_booleans_in_a_concatenation_keep_their_written_text()
    {
        var root = Parse("a = 1.50 kg\nb = true story\nc = 1e5x");

        Assert.Equal("1.50 kg", root.GetString("a"));
        Assert.Equal("true story", root.GetString("b"));
        Assert.Equal("1e5x", root.GetString("c"));
    }

    [Fact]
    public void Triple_quoted_string_is_raw_and_spans_lines()
    {
        var root = Parse("a = \"\"\"line one\n  \"quoted\" \\n # not a comment\n\"\"\"");

        Assert.Equal("line one\n  \"quoted\" \\n # not a comment\n", root.GetString("a"));
    }

    [Fact]
    public void Quotes_beyond_three_at_the_end_of_a_triple_quoted_string_belong_to_it() =>
        Assert.Equal("foo\"", Parse("a = \"\"\"foo\"\"\"\"").GetString("a"));

    [Fact]
    public void Triple_quoted_string_concatenates_with_other_pieces() =>
        Assert.Equal("x-raw\\n-y", Parse("a = x-\"\"\"raw\\n\"\"\"-y").GetString("a"));

    [Fact]
    public void Empty_quoted_string_is_a_string() =>
        Assert.Equal("", Parse("a = \"\"").GetString("a"));
}
