using Xunit;
using static CallActors.Hocon.Tests.TestHocon;

namespace CallActors.Hocon.Tests;

public sealed class KeyTests
{
    [Fact]
    public void Dotted_keys_expand_to_nested_objects()
    {
        var root = Parse("a.b.c = 1");

        var b = root.GetObject("a.b");
        Assert.Equal(["c"], b.Fields.Keys);
        Assert.Equal(1, root.GetInt32("a.b.c"));
    }

    [Fact]
    public void Dotted_keys_merge_with_an_object_of_the_same_name()
    {
        var root = Parse("a { x = 1 }\na.y = 2\na.x = 3");

        Assert.Equal(["x", "y"], root.GetObject("a").Fields.Keys);
        Assert.Equal(3, root.GetInt32("a.x"));
        Assert.Equal(2, root.GetInt32("a.y"));
    }

    [Fact]
    public void A_quoted_key_is_one_key_even_with_dots()
    {
        var root = Parse("\"a.b\" = 1\nc.\"d.e\".f = 2");

        Assert.Equal(["a.b", "c"], root.Fields.Keys);
        Assert.Equal(1, root.GetInt32("\"a.b\""));
        Assert.False(root.HasPath("a.b"));
        Assert.Equal(2, root.GetInt32("c.\"d.e\".f"));
    }

    [Fact]
    public void Whitespace_between_key_pieces_is_part_of_the_key() =>
        Assert.Equal(["a b c"], Parse("a b c = 42").Fields.Keys);

    [Fact]
    public void Hyphenated_keys_stay_as_written() =>
        Assert.Equal("/var/lib/callactors", Parse("callactors.data-dir = /var/lib/callactors").GetString("callactors.data-dir"));

    [Fact]
    public void A_number_with_a_dot_in_a_key_is_a_two_element_path()
    {
        var root = Parse("3.14 = 42");

        Assert.Equal(["3"], root.Fields.Keys);
        Assert.Equal(42, root.GetInt32("3.14"));
    }

    [Fact]
    public void Keys_that_look_like_other_types_are_strings() =>
        Assert.Equal(["true", "null"], Parse("true = 1\nnull = 2").Fields.Keys);

    [Fact]
    public void A_quoted_empty_key_is_allowed() =>
        Assert.Equal(7, Parse("a.\"\".b = 7").GetInt32("a.\"\".b"));

    [Theory]
    [InlineData("a..b = 1", "test.conf:1:1: invalid path 'a..b': empty path element (quote it as \"\" if you mean an empty key)")]
    [InlineData("x = 1\n.a = 1", "test.conf:2:1: invalid path '.a': empty path element (quote it as \"\" if you mean an empty key)")]
    public void An_empty_unquoted_path_element_is_an_error(string text, string message) =>
        Assert.Equal(message, Error(text).Message);

    [Fact]
    public void An_accessor_path_that_is_not_a_path_expression_is_an_argument_error()
    {
        var root = Parse("a = 1");

        var error = Assert.Throws<ArgumentException>(() => root.GetInt32("a..b"));
        Assert.StartsWith("'a..b' is not a valid HOCON path: invalid path 'a..b'", error.Message, StringComparison.Ordinal);
    }
}
