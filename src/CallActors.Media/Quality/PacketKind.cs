namespace CallActors.Media.Quality;

/// <summary>What an RTP packet carries, decided by the caller from the negotiated payload types.</summary>
public enum PacketKind
{
    /// <summary>Codec audio (neither telephone-event nor comfort noise).</summary>
    Media,

    /// <summary>RFC 4733 telephone-event (the negotiated DTMF payload type).</summary>
    Dtmf,

    /// <summary>RFC 3389 comfort noise (PT 13 or the negotiated CN payload type).</summary>
    ComfortNoise,
}
