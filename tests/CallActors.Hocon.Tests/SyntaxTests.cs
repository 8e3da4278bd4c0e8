using Xunit;
using static CallActors.Hocon.Tests.TestHocon;

namespace CallActors.Hocon.Tests;

public sealed class SyntaxTests
{
    [Theory]
    [InlineData("a = 1")]
    [InlineData("{ a = 1 }")]
    [InlineData("  \n{\n a = 1\n}\n\n")]
    public void Root_braces_are_optional(string text) =>
        Assert.Equal(1, Parse(text).GetInt32("a"));

    [Fact]
    public void Colon_equals_and_nothing_before_a_brace_all_separate_keys_from_values()
    {
        var root = Parse("a: 1, b = 2, c { d = 3 }, e: { f = 4 }");

        Assert.Equal([1, 2, 3, 4], new[] { root.GetInt32("a"), root.GetInt32("b"), root.GetInt32("c.d"), root.GetInt32("e.f") });
    }

    [Theory]
    [InlineData("{ a = 1, b = 2 }")]
    [InlineData("{ a = 1, b = 2, }")]
    [InlineData("a = 1\nb = 2\n")]
    [InlineData("a = 1,\nb = 2,\n")]
    [InlineData("{ \"a\": 1\n, \"b\": 2\n}")]
    public void Fields_are_separated_by_commas_or_newlines_and_a_trailing_comma_is_ignored(string text)
    {
        var root = Parse(text);

        Assert.Equal(["a", "b"], root.Fields.Keys);
        Assert.Equal(2, root.GetInt32("b"));
    }

    [Theory]
    [InlineData("a = [1, 2, 3]")]
    [InlineData("a = [1, 2, 3,]")]
    [InlineData("a = [\n  1\n  2\n  3\n]")]
    [InlineData("a = [ 1,\n 2\n ,3 ]")]
    public void Array_elements_are_separated_by_commas_or_newlines(string text) =>
        Assert.Equal(["1", "2", "3"], Parse(text).GetStringList("a"));

    [Fact]
    public void Whitespace_between_array_elements_concatenates_them_into_one_string() =>
        Assert.Equal(["1 2 3 4"], Parse("a = [ 1 2 3 4 ]").GetStringList("a"));

    [Fact]
    public void Json_parses_to_the_same_data()
    {
        var root = Parse("""
            {
              "name": "node \"1\"",
              "ports": [5060, 5061],
              "tls": { "enabled": false, "cert": null },
              "ratio": -0.25e2
            }
            """);

        Assert.Equal("node \"1\"", root.GetString("name"));
        Assert.Equal(["5060", "5061"], root.GetStringList("ports"));
        Assert.False(root.GetBoolean("tls.enabled"));
        Assert.Equal(HoconScalarKind.Null, ((HoconScalar)root.GetValue("tls.cert")).Kind);
        Assert.Equal(-25.0, root.GetDouble("ratio"));
    }

    [Fact]
    public void Empty_document_is_an_empty_object()
    {
        Assert.Empty(Parse("").Fields);
        Assert.Empty(Parse("  # only a comment\n\n").Fields);
    }

    [Fact]
    public void Hash_and_double_slash_comments_are_ignored()
    {
        var root = Parse("""
            # a comment
            a = 1 # after a value
            // another comment
            b = two words // after a concatenation
            c = [1, # inside an array
                 2]
            """);

        Assert.Equal(["a", "b", "c"], root.Fields.Keys);
        Assert.Equal(1, root.GetInt32("a"));
        Assert.Equal("two words", root.GetString("b"));
        Assert.Equal(["1", "2"], root.GetStringList("c"));
    }

    [Fact]
    public void Comment_markers_inside_quoted_strings_are_text() =>
        Assert.Equal("x # y // z", Parse("""a = "x # y // z" """).GetString("a"));

    [Fact]
    public void Double_slash_ends_an_unquoted_value() =>
        Assert.Equal("/usr", Parse("a = /usr//bin").GetString("a"));

    [Fact]
    public void Windows_line_endings_are_plain_newlines()
    {
        var root = Parse("a = 1\r\nb = two\r\n");

        Assert.Equal(HoconScalarKind.Number, ((HoconScalar)root.GetValue("a")).Kind);
        Assert.Equal("two", root.GetString("b"));
    }

    [Theory]
    [InlineData("42", HoconScalarKind.Number, "42")]
    [InlineData("-1.50", HoconScalarKind.Number, "-1.50")]
    [InlineData("1e+5", HoconScalarKind.Number, "1e+5")]
    [InlineData("true", HoconScalarKind.Boolean, "true")]
    [InlineData("false", HoconScalarKind.Boolean, "false")]
    [InlineData("null", HoconScalarKind.Null, null)]
    [InlineData("yes", HoconScalarKind.String, "yes")]
    [InlineData("10.0bar", HoconScalarKind.String, "10.0bar")]
    [InlineData("007", HoconScalarKind.String, "007")]
    [InlineData("\"42\"", HoconScalarKind.String, "42")]
    [InlineData("1.2.3.4", HoconScalarKind.String, "1.2.3.4")]
    public void A_lone_value_keeps_its_json_type(string written, HoconScalarKind kind, string? value)
    {
        var scalar = Assert.IsType<HoconScalar>(Parse($"a = {written}").GetValue("a"));

        Assert.Equal(kind, scalar.Kind);
        Assert.Equal(value, scalar.Value);
    }

    [Fact]
    public void Nested_objects_and_arrays_keep_their_structure()
    {
        var root = Parse("""
            sip {
              listen = [ { host = "0.0.0.0", port = 5060 }, { host = "::", port = 5061 } ]
            }
            """);

        var listen = root.GetArray("sip.listen").Items;
        Assert.Equal(2, listen.Count);
        Assert.Equal("::", ((HoconObject)listen[1]).GetString("host"));
        Assert.Equal(5061, ((HoconObject)listen[1]).GetInt32("port"));
    }

    [Fact]
    public void A_value_may_start_on_the_line_after_its_separator_as_in_json() =>
        Assert.Equal(5, Parse("{ \"a\":\n  5 }").GetInt32("a"));

    [Fact]
    public void Unquoted_include_later_in_a_key_or_as_a_value_is_plain_text()
    {
        var root = Parse("foo include = 42\nbar = include\nbaz = [include]");

        Assert.Equal(42, root.GetInt32("\"foo include\""));
        Assert.Equal("include", root.GetString("bar"));
        Assert.Equal(["include"], root.GetStringList("baz"));
    }
}
