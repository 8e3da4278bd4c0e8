namespace CallActors.Sip.Sdp;

/// <summary>The <c>o=</c> line (RFC 4566 §5.2): <c>&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt;
/// &lt;addrtype&gt; &lt;unicast-address&gt;</c>. The numbers stay strings: they are often wider than 64 bits' worth of
/// NTP time and only ever compared or incremented.</summary>
public sealed record SdpOrigin(
    string Username,
    string SessionId,
    string SessionVersion,
    string NetworkType,
    string AddressType,
    string Address)
{
    public static bool TryParse(string value, out SdpOrigin origin, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        origin = null!;
        error = null;
        var fields = value.Split(' ');
        if (fields.Length != 6 || Array.Exists(fields, f => f.Length == 0))
        {
            error = $"o= line '{value}' needs six fields: username sess-id sess-version nettype addrtype address";
            return false;
        }
        if (!IsDigits(fields[1]) || !IsDigits(fields[2]))
        {
            error = $"o= line '{value}' has a sess-id or sess-version that is not a number";
            return false;
        }
        origin = new SdpOrigin(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
        return true;
    }

    /// <summary>The same origin with sess-version plus one (RFC 3264 §8: every changed offer or answer).</summary>
    public SdpOrigin WithNextVersion() => this with { SessionVersion = Increment(SessionVersion) };

    public override string ToString() => $"{Username} {SessionId} {SessionVersion} {NetworkType} {AddressType} {Address}";

    private static bool IsDigits(string text) => text.Length > 0 && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;

    // Decimal increment on the digit string, so a version of any width never overflows.
    private static string Increment(string digits)
    {
        var chars = digits.ToCharArray();
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            if (chars[i] != '9')
            {
                chars[i]++;
                return new string(chars);
            }
            chars[i] = '0';
        }
        return "1" + new string(chars);
    }
}
