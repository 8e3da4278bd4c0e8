using Xunit;
using static CallActors.Hocon.Tests.TestHocon;

namespace CallActors.Hocon.Tests;

public sealed class SubstitutionTests
{
    [Fact]
    public void A_substitution_may_refer_forward() =>
        Assert.Equal(5, Parse("a = ${b}\nb = 5").GetInt32("a"));

    [Fact]
    public void A_substitution_sees_the_last_value_assigned_anywhere() =>
        Assert.Equal(2, Parse("b = 1\na = ${b}\nb = 2").GetInt32("a"));

    [Fact]
    public void A_lone_substitution_keeps_the_type_of_its_target()
    {
        var root = Parse("list = [1, 2]\nobj { x = 1 }\nn = 3\ncopy-list = ${list}\ncopy-obj = ${obj}\ncopy-n = ${n}");

        Assert.Equal(["1", "2"], root.GetStringList("copy-list"));
        Assert.Equal(1, root.GetInt32("copy-obj.x"));
        Assert.Equal(HoconScalarKind.Number, ((HoconScalar)root.GetValue("copy-n")).Kind);
    }

    [Fact]
    public void Substitutions_concatenate_with_strings()
    {
        var root = Parse("host = example.org\nport = 5060\nuri = \"sip:\"${host}\":\"${port}\ngreeting = hello ${host} and bye");

        Assert.Equal("sip:example.org:5060", root.GetString("uri"));
        Assert.Equal("hello example.org and bye", root.GetString("greeting"));
    }

    [Fact]
    public void A_substitution_resolves_against_documents_merged_after_it()
    {
        var defaults = HoconDocument.ParseString(
            "callactors { data-dir = /var/lib/callactors, journal = ${callactors.data-dir}\"/journal.db\" }", "defaults.conf");
        var user = HoconDocument.ParseString("callactors.data-dir = /tmp/ca", "user.conf");

        var root = user.WithFallback(defaults).Resolve(NoEnvironment);

        Assert.Equal("/tmp/ca/journal.db", root.GetString("callactors.journal"));
    }

    [Fact]
    public void An_object_may_refer_to_its_own_fields()
    {
        var root = Parse("bar { foo = 42, baz = ${bar.foo} }");

        Assert.Equal(42, root.GetInt32("bar.baz"));
    }

    [Fact]
    public void A_reference_into_an_object_sees_later_changes_to_that_object() =>
        Assert.Equal(43, Parse("bar { foo = 42, baz = ${bar.foo} }\nbar { foo = 43 }").GetInt32("bar.baz"));

    [Fact]
    public void Mutually_referring_objects_resolve()
    {
        var root = Parse("""
            bar : { a : ${foo.d}, b : 1 }
            bar.b = 3
            foo : { c : ${bar.b}, d : 2 }
            foo.d = 4
            """);

        Assert.Equal(4, root.GetInt32("bar.a"));
        Assert.Equal(3, root.GetInt32("foo.c"));
    }

    [Fact]
    public void Object_inheritance_through_concatenation_merges_the_base()
    {
        var root = Parse("generic { cluster-size = 6, name = generic }\neast = ${generic} { name = east }");

        Assert.Equal(6, root.GetInt32("east.cluster-size"));
        Assert.Equal("east", root.GetString("east.name"));
    }

    [Fact]
    public void An_object_built_from_a_substitution_may_refer_to_its_own_fields()
    {
        var root = Parse("base { p = 1 }\nbar = ${base}\nbar { foo = 42, baz = ${bar.foo}, q = ${bar.p} }");

        Assert.Equal(42, root.GetInt32("bar.baz"));
        Assert.Equal(1, root.GetInt32("bar.q"));
    }

    [Fact]
    public void An_inheriting_object_may_refer_to_its_own_and_inherited_fields()
    {
        var root = Parse("generic { size = 6, name = generic }\neast = ${generic} { name = east, label = ${east.name}\"-\"${east.size} }");

        Assert.Equal("east-6", root.GetString("east.label"));
    }

    [Fact]
    public void A_self_reference_may_be_combined_with_an_object_that_refers_to_the_previous_value()
    {
        var root = Parse("x = { p = 1 }\nx = ${x} { q = ${x.p} }\nx { r = ${x.q} }");

        Assert.Equal([1, 1, 1], new[] { root.GetInt32("x.p"), root.GetInt32("x.q"), root.GetInt32("x.r") });
    }

    [Fact]
    public void A_missing_substitution_is_an_error_at_its_location() =>
        Assert.Equal(
            "test.conf:2:9: cannot resolve ${nope.x}: no setting 'nope.x' and no environment variable 'nope.x'",
            Error("a = 1\nb = \"x\" ${nope.x}").Message);

    [Fact]
    public void A_substitution_hidden_by_a_later_value_is_never_evaluated() =>
        Assert.Equal(42, Parse("foo = ${does-not-exist}\nfoo = 42").GetInt32("foo"));

    [Fact]
    public void An_optional_substitution_that_finds_nothing_omits_the_field() =>
        Assert.False(Parse("a = ${?nope}").HasPath("a"));

    [Fact]
    public void An_optional_substitution_that_finds_nothing_keeps_the_earlier_value() =>
        Assert.Equal(1, Parse("a = 1\na = ${?nope}").GetInt32("a"));

    [Fact]
    public void An_optional_substitution_that_finds_nothing_drops_out_of_arrays_and_strings()
    {
        var root = Parse("a = [1, ${?nope}, 2]\nb = ${?nope}foo");

        Assert.Equal(["1", "2"], root.GetStringList("a"));
        Assert.Equal("foo", root.GetString("b"));
    }

    [Fact]
    public void An_optional_substitution_falls_back_to_an_environment_variable()
    {
        var name = $"CALLACTORS_HOCON_TEST_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(name, "from-env");
        try
        {
            var root = HoconParser.ParseString($"a = ${{?{name}}}\nb = ${{{name}}}\"/x\"");

            Assert.Equal("from-env", root.GetString("a"));
            Assert.Equal("from-env/x", root.GetString("b"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void A_setting_wins_over_an_environment_variable_of_the_same_name()
    {
        var root = HoconDocument.ParseString("HOME = /from/config\nh = ${HOME}").Resolve(_ => "/from/env");

        Assert.Equal("/from/config", root.GetString("h"));
    }

    [Fact]
    public void A_setting_of_null_blocks_the_environment_variable()
    {
        var root = HoconDocument.ParseString("HOME = null\nh = ${?HOME}").Resolve(_ => "/from/env");

        Assert.Equal(HoconScalarKind.Null, ((HoconScalar)root.GetValue("h")).Kind);
    }

    [Fact]
    public void An_empty_environment_variable_counts_as_absent() =>
        Assert.False(HoconDocument.ParseString("a = ${?X}").Resolve(_ => "").HasPath("a"));

    [Fact]
    public void A_self_reference_extends_the_previous_string() =>
        Assert.Equal("a:b:c:/x", Parse("path = \"a:b:c\"\npath = ${path}\":/x\"").GetString("path"));

    [Fact]
    public void A_self_reference_extends_the_previous_array() =>
        Assert.Equal(["/bin", "/usr/bin"], Parse("path = [ /bin ]\npath = ${path} [ /usr/bin ]").GetStringList("path"));

    [Fact]
    public void A_self_reference_sees_the_value_from_a_fallback_document()
    {
        var defaults = HoconDocument.ParseString("java.opts = [-server]");
        var user = HoconDocument.ParseString("java.opts = ${java.opts} [-Xmx1g]");

        Assert.Equal(["-server", "-Xmx1g"], user.WithFallback(defaults).Resolve(NoEnvironment).GetStringList("java.opts"));
    }

    [Fact]
    public void A_self_reference_in_a_path_expression_looks_below_the_current_value()
    {
        var root = Parse("foo : { a : { c : 1 } }\nfoo : ${foo.a}\nfoo : { a : 2 }");

        Assert.Equal(2, root.GetInt32("foo.a"));
        Assert.Equal(1, root.GetInt32("foo.c"));
    }

    [Fact]
    public void A_self_reference_with_no_earlier_value_is_an_error() =>
        Assert.Equal(
            "test.conf:1:5: cannot resolve ${a}: it refers back to the value being defined, which has no earlier value",
            Error("a = ${a}bc").Message);

    [Fact]
    public void An_optional_self_reference_with_no_earlier_value_is_undefined()
    {
        var root = Parse("a = ${?a}foo\nb = ${?b}");

        Assert.Equal("foo", root.GetString("a"));
        Assert.False(root.HasPath("b"));
    }

    [Fact]
    public void Two_substitutions_referring_to_each_other_are_an_error() =>
        Assert.Equal(
            "test.conf:2:5: cannot resolve ${a}: it refers back to the value being defined, which has no earlier value",
            Error("a = ${b}\nb = ${a}").Message);

    [Fact]
    public void A_longer_substitution_loop_is_an_error() =>
        Assert.Contains("refers back to the value being defined", Error("a = ${b}\nb = ${c}\nc = ${a}").Message, StringComparison.Ordinal);

    [Fact]
    public void An_object_containing_a_reference_to_itself_is_a_cycle() =>
        Assert.Equal(
            "test.conf:1:9: substitution cycle: ${a} needs a value that is still being resolved",
            Error("a { b = ${a} }").Message);

    [Fact]
    public void An_object_concatenation_containing_a_reference_to_itself_is_a_cycle() =>
        Assert.Equal(
            "test.conf:1:16: substitution cycle: ${a} needs a value that is still being resolved",
            Error("a = ${b} { x = ${a} }\nb {}").Message);

    [Fact]
    public void Plus_equals_appends_to_an_array()
    {
        var root = Parse("a = [1]\na += 2\nb += x\nc += 1\nc += 2\nd { l += 1 }\nd.l += 2");

        Assert.Equal(["1", "2"], root.GetStringList("a"));
        Assert.Equal(["x"], root.GetStringList("b"));
        Assert.Equal(["1", "2"], root.GetStringList("c"));
        Assert.Equal(["1", "2"], root.GetStringList("d.l"));
    }

    [Fact]
    public void Plus_equals_on_a_non_array_is_an_error() =>
        Assert.Equal(
            "test.conf:2:6: cannot concatenate an array with the number 1; arrays join arrays and objects join objects",
            Error("a = 1\na += 2").Message);

    [Fact]
    public void Concatenating_an_array_with_a_string_is_an_error() =>
        Assert.Equal(
            "test.conf:1:5: cannot concatenate an array with the string \"x\"; arrays join arrays and objects join objects",
            Error("a = [1] x").Message);

    [Fact]
    public void A_substituted_value_takes_the_origin_of_the_substitution()
    {
        var root = Parse("host = a\nproxy {\n  host = ${host}\n}");

        Assert.Equal(new HoconOrigin("test.conf", 3, 10), root.GetValue("proxy.host").Origin);
    }
}
