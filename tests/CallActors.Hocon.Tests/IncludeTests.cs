using Xunit;
using static CallActors.Hocon.Tests.TestHocon;

namespace CallActors.Hocon.Tests;

public sealed class IncludeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_include_is_found_next_to_the_including_file_not_in_the_working_directory()
    {
        _dir.Write("conf/sip.conf", "sip.port = 5060");
        var main = _dir.Write("conf/callactors.conf", "include \"sip.conf\"\nname = node-1");

        var root = HoconDocument.ParseFile(main).Resolve(NoEnvironment);

        Assert.Equal(5060, root.GetInt32("sip.port"));
        Assert.Equal("node-1", root.GetString("name"));
        Assert.Equal(Path.Combine(_dir.Path, "conf", "sip.conf"), root.GetValue("sip.port").Origin.File);
    }

    [Fact]
    public void Includes_nest_relative_to_each_included_file()
    {
        _dir.Write("a/b/deep.conf", "deep = true");
        _dir.Write("a/mid.conf", "include \"b/deep.conf\"");
        var main = _dir.Write("main.conf", "include file(\"a/mid.conf\")");

        Assert.True(HoconDocument.ParseFile(main).Resolve(NoEnvironment).GetBoolean("deep"));
    }

    [Fact]
    public void Included_fields_merge_where_the_include_is_written()
    {
        _dir.Write("x.conf", "a = 10, b = 10, c = 10, o { y = 1 }");
        var main = _dir.Write("main.conf", "a = 1\no { x = 1 }\ninclude \"x.conf\"\nb = 2");

        var root = HoconDocument.ParseFile(main).Resolve(NoEnvironment);

        Assert.Equal([10, 2, 10], new[] { root.GetInt32("a"), root.GetInt32("b"), root.GetInt32("c") });
        Assert.Equal(["x", "y"], root.GetObject("o").Fields.Keys);
    }

    [Fact]
    public void The_file_and_required_forms_are_accepted()
    {
        _dir.Write("one.conf", "one = 1");
        _dir.Write("two.conf", "two = 2");
        var main = _dir.Write("main.conf", "include required( file( \"one.conf\" ) )\ninclude\n  required(\"two.conf\")");

        var root = HoconDocument.ParseFile(main).Resolve(NoEnvironment);

        Assert.Equal(1, root.GetInt32("one"));
        Assert.Equal(2, root.GetInt32("two"));
    }

    [Fact]
    public void A_name_without_extension_loads_the_conf_file()
    {
        _dir.Write("sip.conf", "port = 5060");
        var main = _dir.Write("main.conf", "include \"sip\"");

        Assert.Equal(5060, HoconDocument.ParseFile(main).Resolve(NoEnvironment).GetInt32("port"));
    }

    [Fact]
    public void A_plain_include_of_a_missing_file_is_ignored()
    {
        var main = _dir.Write("main.conf", "include \"missing.conf\"\na = 1");

        Assert.Equal(["a"], HoconDocument.ParseFile(main).Resolve(NoEnvironment).Fields.Keys);
    }

    [Fact]
    public void A_required_include_of_a_missing_file_is_an_error_at_the_include()
    {
        var main = _dir.Write("main.conf", "a = 1\ninclude required(\"missing.conf\")");

        var error = Assert.Throws<HoconException>(() => HoconDocument.ParseFile(main));

        Assert.Equal(
            $"{main}:2:9: required include 'missing.conf' not found (looked for {Path.Combine(_dir.Path, "missing.conf")})",
            error.Message);
    }

    [Fact]
    public void An_include_cycle_is_an_error_naming_the_chain()
    {
        var a = _dir.Write("a.conf", "include \"b.conf\"");
        var b = _dir.Write("b.conf", "x = 1\ninclude \"a.conf\"");

        var error = Assert.Throws<HoconException>(() => HoconDocument.ParseFile(a));

        Assert.Equal($"{b}:2:9: include cycle: {a} -> {b} -> {a}", error.Message);
    }

    [Fact]
    public void A_syntax_error_in_an_included_file_names_that_file()
    {
        var bad = _dir.Write("bad.conf", "ok = 1\nport 5060\n");
        var main = _dir.Write("main.conf", "include \"bad.conf\"");

        var error = Assert.Throws<HoconException>(() => HoconDocument.ParseFile(main));

        Assert.Equal($"{bad}:2:10: expected '=' or ':' after key 'port 5060', found end of line", error.Message);
    }

    [Fact]
    public void Substitutions_in_a_file_included_into_an_object_are_relative_to_that_object_first()
    {
        _dir.Write("foo.conf", "x = 10\ny = ${x}\nz = ${top}");
        var main = _dir.Write("main.conf", "top = 7\na { include \"foo.conf\" }\na { x = 42 }");

        var root = HoconDocument.ParseFile(main).Resolve(NoEnvironment);

        Assert.Equal(42, root.GetInt32("a.y"));
        Assert.Equal(7, root.GetInt32("a.z"));
    }

    [Fact]
    public void Plus_equals_in_a_file_included_into_an_object_appends_to_that_object()
    {
        _dir.Write("more.conf", "modules += recordings");
        var main = _dir.Write("main.conf", "edge { modules = [insights]\ninclude \"more.conf\" }");

        Assert.Equal(["insights", "recordings"], HoconDocument.ParseFile(main).Resolve(NoEnvironment).GetStringList("edge.modules"));
    }

    [Fact]
    public void Text_parsed_from_a_string_includes_relative_to_the_given_base_directory()
    {
        _dir.Write("sip.conf", "port = 5060");

        var root = HoconDocument.ParseString("include \"sip.conf\"", "--set", _dir.Path).Resolve(NoEnvironment);

        Assert.Equal(5060, root.GetInt32("port"));
    }

    [Fact]
    public void Text_parsed_from_a_string_without_a_base_directory_cannot_include_relative_names() =>
        Assert.Equal(
            "test.conf:1:9: cannot include 'sip.conf': test.conf has no base directory to resolve it against",
            Error("include \"sip.conf\"").Message);

    [Fact]
    public void Include_must_be_followed_by_a_quoted_name() =>
        Assert.Equal(
            "test.conf:1:9: include must be followed by a quoted name, file(\"…\"), url(\"…\"), classpath(\"…\") or required(…)",
            Error("include sip.conf").Message);

    [Fact]
    public void Url_includes_are_rejected() =>
        Assert.Equal(
            "test.conf:1:9: include url(…) is not supported; include files by path",
            Error("include url(\"http://example.org/x.conf\")").Message);
}
