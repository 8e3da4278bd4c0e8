using System.Net;
using System.Net.Sockets;

namespace CallActors.Sip.Transport;

/// <summary>Maps the raw source address of a datagram to an <see cref="IPEndPoint"/>, so that a UDP receive loop
/// hearing the same peers again and again does not allocate an endpoint per packet. Single-threaded: one per loop.</summary>
internal sealed class SocketAddressCache
{
    private const int Capacity = 4096;

    private readonly Dictionary<SocketAddress, IPEndPoint> _endPoints = new(Capacity);
    private readonly IPEndPoint _template;

    public SocketAddressCache(AddressFamily family) =>
        _template = new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);

    /// <summary>The endpoint for <paramref name="address"/>, which the caller may overwrite afterwards (the cache keeps
    /// its own copy).</summary>
    public IPEndPoint Get(SocketAddress address)
    {
        if (_endPoints.TryGetValue(address, out var endPoint))
        {
            return endPoint;
        }
        if (_endPoints.Count >= Capacity)
        {
            // Many distinct peers (a scan, a flood): start over rather than grow without bound.
            _endPoints.Clear();
        }
        var key = new SocketAddress(address.Family, address.Size);
        address.Buffer[..address.Size].CopyTo(key.Buffer);
        endPoint = (IPEndPoint)_template.Create(key);
        _endPoints.Add(key, endPoint);
        return endPoint;
    }
}
