using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace CallActors.Media.Relay;

/// <summary>An IPv4 or IPv6 address and port as the kernel's <c>sockaddr_in</c>/<c>sockaddr_in6</c> hold it, compared
/// and copied without allocating; <c>default</c> is "no address".</summary>
internal readonly struct RelayAddress : IEquatable<RelayAddress>
{
    /// <summary>Room for the largest sockaddr the relay handles (<c>sockaddr_in6</c>, 28 bytes).</summary>
    public const int SockAddrBytes = 32;

    private const ushort AfInet = 2;
    private const ushort AfInet6 = 10;
    private const int SockAddrInBytes = 16;
    private const int SockAddrIn6Bytes = 28;

    // The address bytes in network order, read as two native-endian words (an IPv4 address uses the low 4 bytes of _low).
    private readonly ulong _high;
    private readonly ulong _low;
    private readonly uint _scopeId;
    private readonly ushort _family;

    private RelayAddress(ushort family, ulong high, ulong low, uint scopeId, int port)
    {
        _family = family;
        _high = high;
        _low = low;
        _scopeId = scopeId;
        Port = port;
    }

    public int Port { get; }

    public bool IsEmpty => _family == 0;

    /// <summary>Reads the sockaddr the kernel wrote (recvmmsg's msg_name); anything but IPv4/IPv6 reads as empty.</summary>
    public static unsafe RelayAddress Read(byte* sockAddr)
    {
        var family = *(ushort*)sockAddr;
        var port = (sockAddr[2] << 8) | sockAddr[3];
        return family switch
        {
            AfInet => new RelayAddress(AfInet, 0, *(uint*)(sockAddr + 4), 0, port),
            AfInet6 => new RelayAddress(AfInet6, *(ulong*)(sockAddr + 8), *(ulong*)(sockAddr + 16), *(uint*)(sockAddr + 24), port),
            _ => default,
        };
    }

    /// <summary>Writes this address as a sockaddr (at least <see cref="SockAddrBytes"/> bytes) and returns its length.</summary>
    public unsafe uint Write(byte* sockAddr)
    {
        new Span<byte>(sockAddr, SockAddrBytes).Clear();
        *(ushort*)sockAddr = _family;
        sockAddr[2] = (byte)(Port >> 8);
        sockAddr[3] = (byte)Port;
        if (_family == AfInet)
        {
            *(uint*)(sockAddr + 4) = (uint)_low;
            return SockAddrInBytes;
        }

        *(ulong*)(sockAddr + 8) = _high;
        *(ulong*)(sockAddr + 16) = _low;
        *(uint*)(sockAddr + 24) = _scopeId;
        return SockAddrIn6Bytes;
    }

    public static RelayAddress From(IPEndPoint endPoint)
    {
        Span<byte> bytes = stackalloc byte[16];
        endPoint.Address.TryWriteBytes(bytes, out var written);
        return endPoint.AddressFamily == AddressFamily.InterNetwork
            ? new RelayAddress(AfInet, 0, MemoryMarshal.Read<uint>(bytes), 0, endPoint.Port)
            : new RelayAddress(AfInet6, MemoryMarshal.Read<ulong>(bytes), MemoryMarshal.Read<ulong>(bytes[8..]), (uint)endPoint.Address.ScopeId, endPoint.Port);
    }

    public IPEndPoint ToEndPoint()
    {
        Span<byte> bytes = stackalloc byte[16];
        if (_family == AfInet)
        {
            MemoryMarshal.Write(bytes, (uint)_low);
            return new IPEndPoint(new IPAddress(bytes[..4]), Port);
        }

        MemoryMarshal.Write(bytes, _high);
        MemoryMarshal.Write(bytes[8..], _low);
        return new IPEndPoint(new IPAddress(bytes, _scopeId), Port);
    }

    public RelayAddress WithPort(int port) => new(_family, _high, _low, _scopeId, port);

    public bool Equals(RelayAddress other) =>
        _low == other._low && Port == other.Port && _high == other._high && _family == other._family && _scopeId == other._scopeId;

    public override bool Equals(object? obj) => obj is RelayAddress other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_family, _high, _low, _scopeId, Port);

    public override string ToString() => IsEmpty ? "none" : ToEndPoint().ToString();
}
