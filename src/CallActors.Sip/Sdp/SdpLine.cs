namespace CallActors.Sip.Sdp;

/// <summary>One <c>&lt;type&gt;=&lt;value&gt;</c> line of an SDP description, kept exactly as it was written (without
/// its line break), so that a description that is parsed and written again is unchanged.</summary>
public readonly record struct SdpLine(char Type, string Value)
{
    public override string ToString() => $"{Type}={Value}";
}
