using System.Buffers.Binary;
using System.Net;

namespace CallActors.Capture;

/// <summary>
/// Hands out one <see cref="IPEndPoint"/> per address and port, so that reading a capture of a few RTP flows allocates
/// a handful of endpoints rather than two per packet.
/// </summary>
internal sealed class EndpointCache
{
    // A capture of a port scan would otherwise grow the cache without bound; starting over is cheap.
    private const int MaxEntries = 4096;

    private readonly Dictionary<(UInt128 Address, ushort Port, bool IsIPv6), IPEndPoint> _endpoints = [];

    public IPEndPoint Get(UInt128 address, ushort port, bool isIPv6)
    {
        var key = (address, port, isIPv6);
        if (_endpoints.TryGetValue(key, out var endpoint))
        {
            return endpoint;
        }

        if (_endpoints.Count == MaxEntries)
        {
            _endpoints.Clear();
        }

        endpoint = new IPEndPoint(ToAddress(address, isIPv6), port);
        _endpoints.Add(key, endpoint);
        return endpoint;
    }

    private static IPAddress ToAddress(UInt128 address, bool isIPv6)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (isIPv6)
        {
            BinaryPrimitives.WriteUInt128BigEndian(bytes, address);
            return new IPAddress(bytes);
        }

        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)address);
        return new IPAddress(bytes[..4]);
    }
}
