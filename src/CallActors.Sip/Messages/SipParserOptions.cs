namespace CallActors.Sip.Messages;

/// <summary>Limits the parser enforces.</summary>
public sealed record SipParserOptions
{
    public static SipParserOptions Default { get; } = new();

    public int MaxMessageBytes { get; init; } = 65_535;

    public int MaxHeaderCount { get; init; } = 128;
}
