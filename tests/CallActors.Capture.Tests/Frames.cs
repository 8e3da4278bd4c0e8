using System.Buffers.Binary;
using System.Net;

namespace CallActors.Capture.Tests;

/// <summary>Frames to put in hand-built files: a UDP/IP packet from <see cref="PcapWriter"/>, wrapped in link headers.</summary>
internal static class Frames
{
    public static readonly IPEndPoint V4Source = IPEndPoint.Parse("192.0.2.10:40000");
    public static readonly IPEndPoint V4Destination = IPEndPoint.Parse("198.51.100.20:40002");
    public static readonly IPEndPoint V6Source = IPEndPoint.Parse("[2001:db8::10]:40000");
    public static readonly IPEndPoint V6Destination = IPEndPoint.Parse("[2001:db8::20]:40002");

    /// <summary>A UDP/IPv4 or UDP/IPv6 packet with no link header.</summary>
    public static byte[] Ip(ReadOnlySpan<byte> payload, bool ipv6 = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, PcapLinkType.Raw, leaveOpen: true))
        {
            writer.WriteDatagram(0, ipv6 ? V6Source : V4Source, ipv6 ? V6Destination : V4Destination, payload);
        }

        return stream.ToArray()[(24 + 16)..];
    }

    public static byte[] Ethernet(ReadOnlySpan<byte> ip, params ushort[] vlanTags)
    {
        var etherType = (ushort)((ip[0] >> 4) == 6 ? 0x86DD : 0x0800);
        var frame = new byte[14 + (4 * vlanTags.Length) + ip.Length];
        byte[] addresses = [2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2]; // destination, source
        addresses.CopyTo(frame, 0);
        var offset = 12;
        for (var i = 0; i < vlanTags.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(offset), i == 0 && vlanTags.Length == 2 ? (ushort)0x88A8 : (ushort)0x8100);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(offset + 2), vlanTags[i]);
            offset += 4;
        }

        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(offset), etherType);
        ip.CopyTo(frame.AsSpan(offset + 2));
        return frame;
    }

    public static byte[] Prefixed(ReadOnlySpan<byte> header, ReadOnlySpan<byte> ip) => [.. header, .. ip];
}
