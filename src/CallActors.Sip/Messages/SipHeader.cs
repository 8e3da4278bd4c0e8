namespace CallActors.Sip.Messages;

/// <summary>One header line of a SIP message: its canonical name and its unfolded value.</summary>
public readonly record struct SipHeader(string Name, string Value)
{
    public override string ToString() => $"{Name}: {Value}";
}
