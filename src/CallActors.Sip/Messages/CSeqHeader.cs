using System.Globalization;

namespace CallActors.Sip.Messages;

/// <summary>The CSeq header: a sequence number below 2^31 and the request method.</summary>
public readonly record struct CSeqHeader(uint Number, string Method)
{
    public static bool TryParse(ReadOnlySpan<char> text, out CSeqHeader value, out string? error)
    {
        value = default;
        error = null;
        text = text.Trim(" \t");
        var space = text.IndexOfAny(' ', '\t');
        if (space <= 0)
        {
            error = $"CSeq '{text}' needs a number and a method";
            return false;
        }
        if (!uint.TryParse(text[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number >= 1u << 31)
        {
            error = $"CSeq number '{text[..space]}' is not an integer below 2^31";
            return false;
        }
        var method = text[(space + 1)..].Trim(" \t");
        if (method.IsEmpty || !SipMethods.IsToken(method))
        {
            error = $"CSeq method '{method}' is not a token";
            return false;
        }
        value = new CSeqHeader(number, method.ToString());
        return true;
    }

    public override string ToString() => $"{Number.ToString(CultureInfo.InvariantCulture)} {Method}";
}
