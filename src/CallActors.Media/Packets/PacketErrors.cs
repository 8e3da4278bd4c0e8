namespace CallActors.Media.Packets;

/// <summary>The reasons the RTP/RTCP parsers give for rejecting a datagram; constants, so a rejection never allocates.</summary>
public static class PacketErrors
{
    public const string Truncated = "packet shorter than its fixed header";
    public const string BadVersion = "version is not 2";
    public const string CsrcListTruncated = "CSRC list runs past the end of the packet";
    public const string ExtensionTruncated = "header extension runs past the end of the packet";
    public const string ZeroPaddingLength = "padding bit set but the padding count is 0";
    public const string PaddingTooLong = "padding count is longer than the payload";
    public const string RtcpEmpty = "empty RTCP datagram";
    public const string RtcpLengthMismatch = "RTCP length field runs past the end of the datagram";
    public const string RtcpBodyTooShort = "RTCP packet too short for its type and count";
    public const string RtcpWrongType = "RTCP packet is not of the expected type";
    public const string SdesMissingTerminator = "SDES chunk has no terminating null item";
    public const string SdesItemTruncated = "SDES item runs past the end of the packet";
    public const string ByeReasonTruncated = "BYE reason runs past the end of the packet";
    public const string XrBlockTruncated = "XR report block runs past the end of the packet";
    public const string XrWrongBlockType = "XR block is not of the expected type";
    public const string XrBlockLength = "XR block has the wrong length for its type";
    public const string TelephoneEventTruncated = "telephone-event payload shorter than 4 bytes";
    public const string ComfortNoiseEmpty = "comfort-noise payload is empty";
    public const string ComfortNoiseLevel = "comfort-noise level has its reserved top bit set";
}
