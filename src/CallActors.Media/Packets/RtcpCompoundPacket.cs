namespace CallActors.Media.Packets;

/// <summary>An RTCP compound datagram (RFC 3550 §6.1), validated once and then iterated packet by packet.</summary>
public readonly ref struct RtcpCompoundPacket
{
    private readonly ReadOnlySpan<byte> _datagram;

    private RtcpCompoundPacket(ReadOnlySpan<byte> datagram) => _datagram = datagram;

    public ReadOnlySpan<byte> Span => _datagram;

    /// <summary>
    /// Checks that every packet has version 2 and that the length fields add up to the datagram exactly.
    /// Reduced-size RTCP (RFC 5506) is accepted, so the first packet need not be an SR or RR.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out RtcpCompoundPacket compound, out string? error)
    {
        compound = default;
        if (datagram.IsEmpty)
        {
            error = PacketErrors.RtcpEmpty;
            return false;
        }

        var rest = datagram;
        while (!rest.IsEmpty)
        {
            if (!RtcpPacket.TryRead(rest, out _, out var consumed, out error))
            {
                return false;
            }

            rest = rest[consumed..];
        }

        compound = new RtcpCompoundPacket(datagram);
        error = null;
        return true;
    }

    public Enumerator GetEnumerator() => new(_datagram);

    /// <summary>Walks the packets of an already validated compound datagram.</summary>
    public ref struct Enumerator
    {
        private ReadOnlySpan<byte> _rest;
        private RtcpPacket _current;

        internal Enumerator(ReadOnlySpan<byte> datagram) => _rest = datagram;

        public readonly RtcpPacket Current => _current;

        public bool MoveNext()
        {
            if (_rest.IsEmpty || !RtcpPacket.TryRead(_rest, out _current, out var consumed, out _))
            {
                return false;
            }

            _rest = _rest[consumed..];
            return true;
        }
    }
}
