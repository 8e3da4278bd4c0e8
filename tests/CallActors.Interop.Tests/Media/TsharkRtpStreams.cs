using System.Globalization;
using System.Net;
using CallActors.Interop.Tests.Infrastructure;

namespace CallActors.Interop.Tests.Media;

/// <summary>Runs tshark's RTP stream summary (<c>-q -z rtp,streams</c>) on a capture and parses its table.</summary>
/// <remarks>
/// Columns are found by their header names, so that the fewer columns of tshark 1.x–3.x parse too. Values are
/// whitespace-separated and right-aligned, but Payload may hold spaces ("g711U, rtpevent") and Lost is two tokens
/// ("5 (2.0%)"): the columns left of Payload are taken from the left of a row, the others from the right.
/// </remarks>
internal static class TsharkRtpStreams
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // Every column name tshark has printed in this table.
    private static readonly string[] KnownColumns =
    [
        "Start time", "End time", "Src IP addr", "Dest IP addr", "Port", "SSRC", "Payload", "Pkts", "Lost",
        "Min Delta(ms)", "Mean Delta(ms)", "Max Delta(ms)", "Min Jitter(ms)", "Mean Jitter(ms)", "Max Jitter(ms)", "Problems?",
    ];

    /// <summary>Analyses <paramref name="pcap"/>, decoding UDP on <paramref name="rtpPorts"/> as RTP (needed without SIP/SDP).</summary>
    public static IReadOnlyList<TsharkRtpStream> Analyze(string pcap, params int[] rtpPorts)
    {
        var tshark = Peers.Require("tshark", "tshark");
        List<string> arguments = ["-n", "-r", pcap];
        foreach (var port in rtpPorts)
        {
            arguments.AddRange(["-d", $"udp.port=={port},rtp"]);
        }

        arguments.AddRange(["-q", "-z", "rtp,streams"]);
        var (exitCode, stdout, stderr) = ToolRun.Run(tshark, arguments, Timeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"tshark {string.Join(' ', arguments)} exited with {exitCode}:\n{stderr}");
        }

        return Parse(stdout);
    }

    /// <summary>Parses the table tshark prints between its "RTP Streams" banner and the closing line of '='.</summary>
    /// <exception cref="FormatException">No table, an unknown column or a row that does not fit the header.</exception>
    public static IReadOnlyList<TsharkRtpStream> Parse(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var banner = lines.FindIndex(l => l.Contains("RTP Streams", StringComparison.Ordinal));
        if (banner < 0 || banner + 1 >= lines.Count)
        {
            throw new FormatException($"no RTP Streams table in tshark's output:\n{output}");
        }

        var columns = Columns(lines[banner + 1]);
        var payload = columns.IndexOf("Payload");
        if (payload < 0)
        {
            throw new FormatException($"no Payload column in {lines[banner + 1]}");
        }

        var streams = new List<TsharkRtpStream>();
        foreach (var line in lines.Skip(banner + 2))
        {
            if (line.StartsWith('='))
            {
                return streams;
            }

            if (!string.IsNullOrWhiteSpace(line))
            {
                streams.Add(Row(columns, payload, line));
            }
        }

        throw new FormatException($"the RTP Streams table does not end with a line of '=':\n{output}");
    }

    // Column names in header order; the second "Port" is the destination's.
    private static List<string> Columns(string header)
    {
        var columns = new List<string>();
        for (var position = 0; position < header.Length;)
        {
            if (header[position] == ' ')
            {
                position++;
                continue;
            }

            var name = KnownColumns.FirstOrDefault(c => string.CompareOrdinal(header, position, c, 0, c.Length) == 0)
                ?? throw new FormatException($"unknown column at {position} in the RTP Streams header: {header}");
            columns.Add(name == "Port" ? (columns.Contains("Src Port") ? "Dest Port" : "Src Port") : name);
            position += name.Length;
        }

        return columns;
    }

    private static TsharkRtpStream Row(List<string> columns, int payload, string line)
    {
        var tokens = new List<string>(line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var values = new Dictionary<string, string>();
        for (var i = 0; i < payload; i++)
        {
            values[columns[i]] = Take(tokens, 0, line);
        }

        for (var i = columns.Count - 1; i > payload; i--)
        {
            switch (columns[i])
            {
                case "Problems?":
                    // Empty when there is no problem: only an "X" belongs to this column.
                    values[columns[i]] = tokens.Count > 0 && tokens[^1] == "X" ? Take(tokens, tokens.Count - 1, line) : "";
                    break;
                case "Lost":
                    var percent = tokens.Count > 0 && tokens[^1].EndsWith("%)", StringComparison.Ordinal) ? Take(tokens, tokens.Count - 1, line) : "(0%)";
                    values["Lost %"] = percent.Trim('(', ')', '%');
                    values[columns[i]] = Take(tokens, tokens.Count - 1, line);
                    break;
                default:
                    values[columns[i]] = Take(tokens, tokens.Count - 1, line);
                    break;
            }
        }

        if (tokens.Count == 0)
        {
            throw new FormatException($"no payload in the RTP Streams row: {line}");
        }

        return new TsharkRtpStream(
            Number(values, "Start time"),
            Number(values, "End time"),
            new IPEndPoint(IPAddress.Parse(values["Src IP addr"]), int.Parse(values["Src Port"], CultureInfo.InvariantCulture)),
            new IPEndPoint(IPAddress.Parse(values["Dest IP addr"]), int.Parse(values["Dest Port"], CultureInfo.InvariantCulture)),
            Ssrc(values["SSRC"], line),
            string.Join(' ', tokens),
            int.Parse(values["Pkts"], CultureInfo.InvariantCulture),
            int.Parse(values["Lost"], CultureInfo.InvariantCulture),
            double.Parse(values["Lost %"], CultureInfo.InvariantCulture),
            Number(values, "Min Delta(ms)"),
            Number(values, "Mean Delta(ms)"),
            Number(values, "Max Delta(ms)"),
            Number(values, "Min Jitter(ms)"),
            Number(values, "Mean Jitter(ms)"),
            Number(values, "Max Jitter(ms)"),
            values.GetValueOrDefault("Problems?") == "X");
    }

    private static uint Ssrc(string value, string line) =>
        value.StartsWith("0x", StringComparison.Ordinal) && uint.TryParse(value.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var ssrc)
            ? ssrc
            : throw new FormatException($"SSRC {value} is not 0x and 8 hex digits: {line}");

    private static string Take(List<string> tokens, int index, string line)
    {
        if (index < 0 || index >= tokens.Count)
        {
            throw new FormatException($"the RTP Streams row has fewer values than the header has columns: {line}");
        }

        var token = tokens[index];
        tokens.RemoveAt(index);
        return token;
    }

    private static double? Number(Dictionary<string, string> values, string column) =>
        values.TryGetValue(column, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : null;
}
