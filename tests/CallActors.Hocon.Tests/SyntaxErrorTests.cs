using Xunit;
using static CallActors.Hocon.Tests.TestHocon;

namespace CallActors.Hocon.Tests;

public sealed class SyntaxErrorTests
{
    [Theory]
    [InlineData("sip {\n  port = 5060\n", "test.conf:1:5: '{' is never closed (reached end of file)")]
    [InlineData("a = 1\n}", "test.conf:2:1: unbalanced '}' (no '{' opened it)")]
    [InlineData("a = [1, 2", "test.conf:1:5: '[' is never closed (reached end of file)")]
    [InlineData("a = ,", "test.conf:1:5: missing value for key 'a' after '='")]
    [InlineData("a { b = }", "test.conf:1:9: missing value for key 'b' after '='")]
    [InlineData("a =\nb = 2", "test.conf:1:3: missing value for key 'a' after '='")]
    [InlineData("a : ", "test.conf:1:5: missing value for key 'a' after ':'")]
    [InlineData("sip {\n      port 5060\n}", "test.conf:2:16: expected '=' or ':' after key 'port 5060', found end of line")]
    [InlineData("port [5060]", "test.conf:1:6: expected '=' or ':' after key 'port', found '['")]
    [InlineData("= 1", "test.conf:1:1: expected a key, found '='")]
    [InlineData("a = 1 = 2", "test.conf:1:7: expected ',' or a new line after the value of 'a', found '='")]
    [InlineData("a = [1 : 2]", "test.conf:1:8: expected ',' or ']' after an array element, found ':'")]
    [InlineData("a = [1,,2]", "test.conf:1:8: two commas in a row")]
    [InlineData("a = 1,,b = 2", "test.conf:1:7: two commas in a row")]
    [InlineData("{ , a = 1 }", "test.conf:1:3: unexpected ',' (no field before it)")]
    [InlineData("a = [, 1]", "test.conf:1:6: unexpected ',' (no element before it)")]
    [InlineData("{ a = 1 } b = 2", "test.conf:1:11: unexpected 'b' after the closing '}' of the root object")]
    [InlineData("[1, 2]", "test.conf:1:1: the root of a HOCON document must be an object, not an array")]
    [InlineData("a = @home", "test.conf:1:5: reserved character '@' is not allowed outside quotes; quote the value")]
    [InlineData("a = x + y", "test.conf:1:7: '+' is only allowed as '+=' or inside quotes")]
    [InlineData("a = $x", "test.conf:1:5: '$' must start a substitution '${…}' or be inside quotes")]
    [InlineData("a = ${b", "test.conf:1:5: substitution is never closed (missing '}')")]
    [InlineData("a = ${b[0]}", "test.conf:1:8: '[' is not allowed inside a substitution path")]
    [InlineData("a = ${}", "test.conf:1:5: empty path expression")]
    [InlineData("a = \"abc", "test.conf:1:5: quoted string is never closed (missing '\"')")]
    [InlineData("a = \"ab\ncd\"", "test.conf:1:8: newline inside a quoted string; close it with '\"' or use \"\"\" for multi-line text")]
    [InlineData("a = \"x\\qy\"", "test.conf:1:7: invalid escape '\\q' in quoted string (use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)")]
    [InlineData("a = \"\\u12\"", "test.conf:1:6: invalid escape '\\u': expected 4 hex digits")]
    [InlineData("a = \"tab\there\"", "test.conf:1:9: control character U+0009 must be escaped inside a quoted string")]
    [InlineData("a = \"\"\"never closed", "test.conf:1:5: triple-quoted string is never closed (missing '\"\"\"')")]
    [InlineData("a = 1\nb {\n  c = [1, 2] \"x\"\n}", "test.conf:3:7: cannot concatenate an array with the string \"x\"; arrays join arrays and objects join objects")]
    public void Errors_start_with_file_line_and_column(string text, string message) =>
        Assert.Equal(message, Error(text).Message);

    [Fact]
    public void The_exception_exposes_the_location_and_the_bare_reason()
    {
        var error = Error("a = 1\n  b = \"x\\qy\"");

        Assert.Equal("test.conf", error.File);
        Assert.Equal(2, error.Line);
        Assert.Equal(9, error.Column);
        Assert.Equal(new HoconOrigin("test.conf", 2, 9), error.Origin);
        Assert.StartsWith("invalid escape '\\q'", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_origin_name_of_a_string_defaults_to_angle_bracket_string()
    {
        var error = Assert.Throws<HoconException>(() => HoconDocument.ParseString("a = ,"));

        Assert.StartsWith("<string>:1:5: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_root_file_is_a_file_not_found_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.conf");

        var error = Assert.Throws<FileNotFoundException>(() => HoconParser.ParseFile(path));

        Assert.Equal(path, error.FileName);
    }
}
