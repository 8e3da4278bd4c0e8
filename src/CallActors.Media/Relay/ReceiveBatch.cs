using System.Runtime.InteropServices;

namespace CallActors.Media.Relay;

/// <summary>A worker's pre-allocated native buffers for one recvmmsg call: per datagram a header, an iovec, a source
/// sockaddr, a control buffer for the SCM_TIMESTAMPNS receive time and the packet bytes.</summary>
internal sealed unsafe class ReceiveBatch : IDisposable
{
    // One SCM_TIMESTAMPNS message is a 16-byte cmsghdr and a 16-byte timespec; the rest is room for anything else.
    private const int ControlBytes = 64;
    private const int CmsgHeaderBytes = 16;

    private readonly int _capacity;
    private readonly int _packetBytes;
    private readonly void* _memory;
    private readonly Libc.MMsgHdr* _headers;
    private readonly byte* _names;
    private readonly byte* _controls;
    private int _used;
    private bool _disposed;

    /// <summary>Buffers for <paramref name="capacity"/> datagrams of up to <paramref name="packetBytes"/> bytes; a longer
    /// one comes back truncated (<see cref="IsTruncated"/>).</summary>
    public ReceiveBatch(int capacity, int packetBytes)
    {
        _capacity = capacity;
        _packetBytes = packetBytes;
        var headerBytes = capacity * sizeof(Libc.MMsgHdr);
        var iovecBytes = capacity * sizeof(Libc.IoVec);
        var nameBytes = capacity * RelayAddress.SockAddrBytes;
        var controlBytes = capacity * ControlBytes;
        _memory = NativeMemory.AlignedAlloc((nuint)(headerBytes + iovecBytes + nameBytes + controlBytes + (capacity * packetBytes)), 64);
        _headers = (Libc.MMsgHdr*)_memory;
        var iovecs = (Libc.IoVec*)((byte*)_memory + headerBytes);
        _names = (byte*)iovecs + iovecBytes;
        _controls = _names + nameBytes;
        var packets = _controls + controlBytes;
        for (var i = 0; i < capacity; i++)
        {
            iovecs[i].Base = packets + ((long)i * packetBytes);
            iovecs[i].Length = (nuint)packetBytes;
            _headers[i] = default;
            _headers[i].Header.Iov = &iovecs[i];
            _headers[i].Header.IovLength = 1;
            _headers[i].Header.Name = _names + (i * RelayAddress.SockAddrBytes);
            _headers[i].Header.Control = _controls + (i * ControlBytes);
        }

        _used = capacity;
    }

    /// <summary>Reads up to the batch's capacity of datagrams without blocking; 0 when none is waiting (or on an error,
    /// which level-triggered epoll reports again if it persists).</summary>
    public int Receive(int fd)
    {
        // The kernel shrinks these to what it wrote; give every slot used last time its full room back.
        for (var i = 0; i < _used; i++)
        {
            _headers[i].Header.NameLength = RelayAddress.SockAddrBytes;
            _headers[i].Header.ControlLength = ControlBytes;
            _headers[i].Header.Flags = 0;
        }

        var count = Libc.RecvMmsg(fd, _headers, (uint)_capacity, Libc.MsgDontWait, null);
        _used = Math.Max(count, 0);
        return _used;
    }

    /// <summary>The datagram did not fit in <c>packetBytes</c> (MSG_TRUNC).</summary>
    public bool IsTruncated(int index) => (_headers[index].Header.Flags & Libc.MsgTrunc) != 0;

    public byte* PacketPointer(int index) => (byte*)_headers[index].Header.Iov->Base;

    public int Length(int index) => (int)Math.Min(_headers[index].Length, (uint)_packetBytes);

    public ReadOnlySpan<byte> Packet(int index) => new(PacketPointer(index), Length(index));

    public RelayAddress Source(int index) => RelayAddress.Read((byte*)_headers[index].Header.Name);

    /// <summary>The kernel's receive time from the SCM_TIMESTAMPNS control message, nanoseconds since the Unix epoch.</summary>
    public bool TryGetArrival(int index, out long unixNanos)
    {
        ref var header = ref _headers[index].Header;
        var cmsg = (byte*)header.Control;
        var end = cmsg + header.ControlLength;
        while (cmsg + CmsgHeaderBytes <= end)
        {
            var length = *(nuint*)cmsg;
            if (length < CmsgHeaderBytes)
            {
                break;
            }

            if (*(int*)(cmsg + 8) == Libc.SolSocket && *(int*)(cmsg + 12) == Libc.SoTimestampNs
                && length >= (nuint)(CmsgHeaderBytes + sizeof(Libc.TimeSpec)))
            {
                unixNanos = ((Libc.TimeSpec*)(cmsg + CmsgHeaderBytes))->ToUnixNanos();
                return true;
            }

            cmsg += (length + 7) & ~(nuint)7;
        }

        unixNanos = 0;
        return false;
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            NativeMemory.AlignedFree(_memory);
        }
    }
}
