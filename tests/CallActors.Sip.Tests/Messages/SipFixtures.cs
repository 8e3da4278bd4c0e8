using System.Text;
using CallActors.Sip.Messages;

namespace CallActors.Sip.Tests;

/// <summary>The SIP fixtures under tests/fixtures/sip (copied next to the test assembly), and small helpers.</summary>
internal static class SipFixtures
{
    private static string Root => Path.Combine(AppContext.BaseDirectory, "fixtures", "sip");

    public static byte[] Load(string relativePath) => File.ReadAllBytes(Path.Combine(Root, relativePath));

    /// <summary>The names (without .sip) of the fixtures in a folder, sorted.</summary>
    public static IReadOnlyList<string> Names(string folder) =>
        [.. Directory.EnumerateFiles(Path.Combine(Root, folder), "*.sip").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Theory(string folder, params string[] except)
    {
        var data = new TheoryData<string>();
        foreach (var name in Names(folder).Except(except))
        {
            data.Add(name);
        }
        return data;
    }

    /// <summary>A message written with LF line ends in a test, as the CRLF bytes a peer sends.</summary>
    public static byte[] Crlf(string text) => Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"));

    public static SipParseResult Parse(string text, SipFraming framing = SipFraming.Datagram) =>
        SipParser.Parse(Crlf(text), SipParserOptions.Default, framing);

    public static SipMessage ParseValid(string text)
    {
        var result = Parse(text);
        Assert.True(result.Success, result.Error);
        return result.Message!;
    }
}
