using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CallActors.Interop.Tests.Infrastructure;

/// <summary>What an interop test configures on its node: where it listens, its routes, and optional call limits.</summary>
internal sealed record NodeSettings
{
    public required string Address { get; init; }

    public int Port { get; init; } = 5060;

    public IReadOnlyList<NodeRoute> Routes { get; init; } = [];

    /// <summary><c>calls.ring-timeout</c>, for routes that set none.</summary>
    public TimeSpan? RingTimeout { get; init; }

    public int? MaxConcurrent { get; init; }

    public int? MaxPerSecond { get; init; }

    /// <summary>Anchor media on the node's relay (bound to <see cref="Address"/>, ports <see cref="MediaPortMin"/> up).</summary>
    public bool MediaRelay { get; init; } = true;

    public int MediaPortMin { get; init; } = 30000;

    public int MediaPortMax { get; init; } = 30999;

    /// <summary><c>media.timeout</c>; the node's default (60 s) when null.</summary>
    public TimeSpan? MediaTimeout { get; init; }

    /// <summary>Extra <c>--set key=value</c> arguments.</summary>
    public IReadOnlyList<string> Sets { get; init; } = [];

    /// <summary>The <c>callactors.sip</c> and <c>callactors.media</c> sections as HOCON.</summary>
    public string ToHocon()
    {
        var text = new StringBuilder();
        text.AppendLine("callactors.sip {");
        text.AppendLine(CultureInfo.InvariantCulture, $"  bind-address = {Quote(Address)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  port = {Port}");
        text.AppendLine("  calls {");
        if (RingTimeout is { } ringTimeout)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    ring-timeout = {Duration(ringTimeout)}");
        }

        if (MaxConcurrent is { } maxConcurrent)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    max-concurrent = {maxConcurrent}");
        }

        if (MaxPerSecond is { } maxPerSecond)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    max-per-second = {maxPerSecond}");
        }

        text.AppendLine("  }");
        text.AppendLine("  routes = [");
        foreach (var route in Routes)
        {
            text.Append(CultureInfo.InvariantCulture, $"    {{ name = {Quote(route.Name)}, target = {Quote(route.Target)}");
            if (route.RingTimeout is { } routeRingTimeout)
            {
                text.Append(CultureInfo.InvariantCulture, $", ring-timeout = {Duration(routeRingTimeout)}");
            }

            if (route.MatchUser is { } matchUser)
            {
                text.Append(CultureInfo.InvariantCulture, $", match-user = {Quote(matchUser)}");
            }

            if (route.RecordCall is { } recordCall)
            {
                text.Append(CultureInfo.InvariantCulture, $", record-call = {recordCall}");
            }

            text.AppendLine(" }");
        }

        text.AppendLine("  ]");
        text.AppendLine("}");
        text.AppendLine("callactors.media {");
        text.AppendLine(CultureInfo.InvariantCulture, $"  relay = {(MediaRelay ? "on" : "off")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  bind-address = {Quote(Address)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  port-min = {MediaPortMin}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  port-max = {MediaPortMax}");
        if (MediaTimeout is { } mediaTimeout)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  timeout = {Duration(mediaTimeout)}");
        }

        text.AppendLine("}");
        return text.ToString();
    }

    // A quoted HOCON string is JSON: "${user}" inside it stays literal (the node substitutes it per call).
    private static string Quote(string value) => JsonSerializer.Serialize(value);

    private static string Duration(TimeSpan value) => $"{(long)value.TotalMilliseconds}ms";
}
