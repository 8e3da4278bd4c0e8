namespace CallActors.Media.Packets;

/// <summary>The codec a payload type carries, grouped the way quality models tell codecs apart.</summary>
public enum CodecFamily
{
    Unknown,
    G711,
    G722,
    G7221,
    G723,
    G726,
    G728,
    G729,
    Gsm,
    Ilbc,
    Speex,
    Opus,
    Silk,
    Amr,
    AmrWb,
    Evs,
    Linear,
    TelephoneEvent,
    ComfortNoise,
    Redundancy,
    Video,
}
