using System.Text;
using System.Text.Unicode;

namespace CallActors.Sip.Sdp;

/// <summary>Parses an SDP description (RFC 4566) into an <see cref="SdpSession"/>. Accepts CRLF or bare LF line ends;
/// requires v= first and o=, s=, t= at the session level; checks the lines a B2BUA reads (o=, c=, m=). Anything
/// else is kept as written. A malformed description gives false and a reason, never an exception.</summary>
public static class SdpParser
{
    private static readonly (char Type, string Name)[] RequiredSessionLines =
        [('o', "o= (origin)"), ('s', "s= (session name)"), ('t', "t= (timing)")];

    public static bool TryParse(ReadOnlySpan<byte> body, out SdpSession session, out string? error)
    {
        session = null!;
        if (!Utf8.IsValid(body))
        {
            error = "SDP is not valid UTF-8";
            return false;
        }
        return TryParse(Encoding.UTF8.GetString(body), out session, out error);
    }

    public static bool TryParse(string text, out SdpSession session, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        session = null!;
        error = null;
        var sessionLines = new List<SdpLine>(8);
        var media = new List<SdpMedia>(2);
        List<SdpLine>? mediaLines = null;
        var number = 0;
        var end = false;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            number++;
            var line = rawLine;
            if (line.IsEmpty)
            {
                // Blank lines are tolerated only at the very end (a trailing CRLF, or an extra one some peers add).
                end = true;
                continue;
            }
            if (end)
            {
                error = $"line {number - 1} is empty";
                return false;
            }
            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
            {
                error = $"line {number} '{line}' is not of the form <letter>=<value>";
                return false;
            }
            var parsed = new SdpLine(line[0], line[2..].ToString());
            if (number == 1 && parsed.Type != 'v')
            {
                error = "missing v= line (it must come first)";
                return false;
            }
            if (!TryCheckLine(parsed, out error))
            {
                return false;
            }
            if (parsed.Type == 'm')
            {
                if (mediaLines is not null && !TryAddMedia(mediaLines, media, out error))
                {
                    return false;
                }
                mediaLines = [parsed];
            }
            else
            {
                (mediaLines ?? sessionLines).Add(parsed);
            }
        }
        if (number == 0 || sessionLines.Count == 0)
        {
            error = "missing v= line (the description is empty)";
            return false;
        }
        if (mediaLines is not null && !TryAddMedia(mediaLines, media, out error))
        {
            return false;
        }
        foreach (var (type, name) in RequiredSessionLines)
        {
            if (!sessionLines.Exists(l => l.Type == type))
            {
                error = $"missing {name} line at the session level";
                return false;
            }
        }
        session = new SdpSession(sessionLines, media);
        return true;
    }

    private static bool TryCheckLine(SdpLine line, out string? error)
    {
        error = null;
        switch (line.Type)
        {
            case 'v' when line.Value != "0":
                error = $"unsupported SDP version 'v={line.Value}' (only v=0 exists)";
                return false;
            case 'o':
                return SdpOrigin.TryParse(line.Value, out _, out error);
            case 'c':
                return SdpConnection.TryParse(line.Value, out _, out error);
            default:
                return true;
        }
    }

    private static bool TryAddMedia(List<SdpLine> lines, List<SdpMedia> media, out string? error)
    {
        if (!SdpMedia.TryCreate(lines, out var section, out error))
        {
            return false;
        }
        media.Add(section);
        return true;
    }
}
