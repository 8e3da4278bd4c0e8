namespace CallActors.Recording;

/// <summary>The codecs a recording can decode: G.711 µ-law (static payload type 0) and A-law (8).</summary>
public enum AudioCodec
{
    Pcmu,
    Pcma,
}
