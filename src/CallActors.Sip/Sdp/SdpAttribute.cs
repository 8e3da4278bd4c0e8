namespace CallActors.Sip.Sdp;

/// <summary>An <c>a=</c> line split into its name and value: <c>a=rtpmap:0 PCMU/8000</c> is (<c>rtpmap</c>,
/// <c>0 PCMU/8000</c>); a property attribute such as <c>a=sendrecv</c> has a null value.</summary>
public readonly record struct SdpAttribute(string Name, string? Value)
{
    public static SdpAttribute Parse(string lineValue)
    {
        ArgumentNullException.ThrowIfNull(lineValue);
        var colon = lineValue.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? new SdpAttribute(lineValue, null) : new SdpAttribute(lineValue[..colon], lineValue[(colon + 1)..]);
    }

    public override string ToString() => Value is null ? Name : $"{Name}:{Value}";
}
