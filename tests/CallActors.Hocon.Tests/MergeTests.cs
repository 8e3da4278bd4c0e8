using Xunit;
using static CallActors.Hocon.Tests.TestHocon;

namespace CallActors.Hocon.Tests;

public sealed class MergeTests
{
    [Fact]
    public void Later_value_wins_over_earlier() =>
        Assert.Equal(2, Parse("a = 1\na = 2").GetInt32("a"));

    [Fact]
    public void Later_object_merges_into_earlier_object()
    {
        var root = Parse("a { x = 1, y = 1 }\na { y = 2, z = 2 }");

        Assert.Equal(["x", "y", "z"], root.GetObject("a").Fields.Keys);
        Assert.Equal([1, 2, 2], new[] { root.GetInt32("a.x"), root.GetInt32("a.y"), root.GetInt32("a.z") });
    }

    [Fact]
    public void Objects_merge_recursively()
    {
        var root = Parse("a { b { x = 1 } }\na { b { y = 2 } }");

        Assert.Equal(1, root.GetInt32("a.b.x"));
        Assert.Equal(2, root.GetInt32("a.b.y"));
    }

    [Fact]
    public void Later_non_object_replaces_an_object() =>
        Assert.Equal(5, Parse("a { x = 1 }\na = 5").GetInt32("a"));

    [Fact]
    public void Later_object_replaces_a_non_object() =>
        Assert.Equal(["x"], Parse("a = 5\na { x = 1 }").GetObject("a").Fields.Keys);

    [Fact]
    public void Null_between_two_objects_prevents_their_merge()
    {
        var root = Parse("foo { a = 42 }\nfoo = null\nfoo { b = 43 }");

        Assert.False(root.HasPath("foo.a"));
        Assert.Equal(43, root.GetInt32("foo.b"));
    }

    [Fact]
    public void Objects_side_by_side_merge_and_arrays_side_by_side_concatenate()
    {
        var root = Parse("a = { b = 1, c = 1 } { c = 2 }\nl = [1, 2] [3]");

        Assert.Equal(1, root.GetInt32("a.b"));
        Assert.Equal(2, root.GetInt32("a.c"));
        Assert.Equal(["1", "2", "3"], root.GetStringList("l"));
    }

    [Fact]
    public void WithFallback_lets_the_later_document_win_and_merges_objects()
    {
        var defaults = HoconDocument.ParseString("sip { port = 5060, host = \"0.0.0.0\" }", "defaults.conf");
        var user = HoconDocument.ParseString("sip.port = 5070", "user.conf");

        var root = user.WithFallback(defaults).Resolve(NoEnvironment);

        Assert.Equal(5070, root.GetInt32("sip.port"));
        Assert.Equal("0.0.0.0", root.GetString("sip.host"));
        Assert.Equal("user.conf", root.GetValue("sip.port").Origin.File);
        Assert.Equal("defaults.conf", root.GetValue("sip.host").Origin.File);
    }

    [Fact]
    public void WithFallback_leaves_both_documents_unchanged()
    {
        var defaults = HoconDocument.ParseString("a { x = 1 }");
        var user = HoconDocument.ParseString("a { y = 2 }");

        _ = user.WithFallback(defaults).Resolve(NoEnvironment);

        Assert.Equal(["x"], defaults.Resolve(NoEnvironment).GetObject("a").Fields.Keys);
        Assert.Equal(["y"], user.Resolve(NoEnvironment).GetObject("a").Fields.Keys);
    }

    [Fact]
    public void An_intermediate_non_object_hides_objects_in_the_fallbacks_below_it()
    {
        var first = HoconDocument.ParseString("a { x = 1 }");
        var number = HoconDocument.ParseString("a = 42");
        var second = HoconDocument.ParseString("a { y = 2 }");

        var hidden = first.WithFallback(number).WithFallback(second).Resolve(NoEnvironment);
        var adjacent = first.WithFallback(second).WithFallback(number).Resolve(NoEnvironment);

        Assert.Equal(["x"], hidden.GetObject("a").Fields.Keys);
        Assert.Equal(2, adjacent.GetObject("a").Fields.Count);
        Assert.Equal(1, adjacent.GetInt32("a.x"));
        Assert.Equal(2, adjacent.GetInt32("a.y"));
    }
}
