using Xunit;
using static CallActors.Hocon.Tests.TestHocon;

namespace CallActors.Hocon.Tests;

public sealed class AccessorTests
{
    [Fact]
    public void Numbers_and_booleans_read_as_strings_as_written()
    {
        var root = Parse("a = 1e3\nb = true");

        Assert.Equal("1e3", root.GetString("a"));
        Assert.Equal("true", root.GetString("b"));
    }

    [Fact]
    public void Numeric_strings_read_as_numbers()
    {
        var root = Parse("a = \"42\"\nb = -7\nc = 2.5\nd = 9000000000");

        Assert.Equal(42, root.GetInt32("a"));
        Assert.Equal(-7, root.GetInt32("b"));
        Assert.Equal(2.5, root.GetDouble("c"));
        Assert.Equal(9_000_000_000, root.GetInt64("d"));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("yes", true)]
    [InlineData("on", true)]
    [InlineData("false", false)]
    [InlineData("no", false)]
    [InlineData("off", false)]
    [InlineData("\"on\"", true)]
    public void Booleans_accept_the_six_spec_words(string written, bool expected) =>
        Assert.Equal(expected, Parse($"a = {written}").GetBoolean("a"));

    [Fact]
    public void HoconBoolean_rejects_other_words()
    {
        Assert.False(HoconBoolean.TryParse("enabled", out _));
        Assert.Equal(
            "'1' is not a boolean (use true/false, yes/no or on/off)",
            Assert.Throws<FormatException>(() => HoconBoolean.Parse("1")).Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_names_the_path_and_its_origin() =>
        Assert.Equal(
            "test.conf:1:14: 'sip.port' must be a 32-bit integer: 'abc' is not a 32-bit integer",
            Assert.Throws<HoconException>(() => Parse("sip { port = abc }").GetInt32("sip.port")).Message);

    [Fact]
    public void An_object_where_a_scalar_is_expected_is_an_error() =>
        Assert.Equal(
            "test.conf:1:7: 'sip' must be a string, but it is an object",
            Assert.Throws<HoconException>(() => Parse("sip = { port = 1 }").GetString("sip")).Message);

    [Fact]
    public void Null_is_not_converted_to_anything() =>
        Assert.Equal(
            "test.conf:1:5: 'a' must be a string, but it is null",
            Assert.Throws<HoconException>(() => Parse("a = null").GetString("a")).Message);

    [Fact]
    public void A_missing_setting_names_the_object_that_lacks_it() =>
        Assert.Equal(
            "test.conf:1:5: missing setting 'sip.host'",
            Assert.Throws<HoconException>(() => Parse("sip { port = 1 }").GetString("sip.host")).Message);

    [Fact]
    public void GetStringList_reads_scalars_and_rejects_containers()
    {
        var root = Parse("codecs = [PCMU, PCMA, 8]\nbad = [a, [b]]");

        Assert.Equal(["PCMU", "PCMA", "8"], root.GetStringList("codecs"));
        Assert.Equal(
            "test.conf:2:11: 'bad' element 1 must be a string, but it is an array",
            Assert.Throws<HoconException>(() => root.GetStringList("bad")).Message);
    }

    [Fact]
    public void Values_carry_the_line_and_column_they_were_written_at()
    {
        var root = Parse("a {\n  b = hello\n  c = [1,\n    2]\n}");

        Assert.Equal(new HoconOrigin("test.conf", 2, 7), root.GetValue("a.b").Origin);
        Assert.Equal(new HoconOrigin("test.conf", 4, 5), root.GetArray("a.c").Items[1].Origin);
        Assert.Equal("test.conf:2:7", root.GetValue("a.b").Origin.ToString());
    }

    [Fact]
    public void HoconParser_parses_and_resolves_in_one_step()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("node.conf", "a = 1\nb = ${a}");

        Assert.Equal(1, HoconParser.ParseFile(path).GetInt32("b"));
        Assert.Equal(1, HoconParser.ParseString("a = 1\nb = ${a}").GetInt32("b"));
    }
}
