using System.Runtime.InteropServices;

namespace CallActors.Media.Relay;

/// <summary>Packets queued for one sendmmsg call from one socket: native headers, iovecs pointing into the receive
/// buffers (no copy) and destination sockaddrs, plus which leg and kind each packet is for the counters and observer.</summary>
internal sealed unsafe class SendBatch : IDisposable
{
    private readonly int _capacity;
    private readonly void* _memory;
    private readonly Libc.MMsgHdr* _headers;
    private readonly Libc.IoVec* _iovecs;
    private readonly byte* _names;
    private readonly RelayLeg?[] _to;
    private readonly bool[] _rtcp;
    private bool _disposed;

    public SendBatch(int capacity)
    {
        _capacity = capacity;
        var headerBytes = capacity * sizeof(Libc.MMsgHdr);
        var iovecBytes = capacity * sizeof(Libc.IoVec);
        _memory = NativeMemory.AlignedAlloc((nuint)(headerBytes + iovecBytes + (capacity * RelayAddress.SockAddrBytes)), 64);
        _headers = (Libc.MMsgHdr*)_memory;
        _iovecs = (Libc.IoVec*)((byte*)_memory + headerBytes);
        _names = (byte*)_iovecs + iovecBytes;
        for (var i = 0; i < capacity; i++)
        {
            _headers[i] = default;
            _headers[i].Header.Iov = &_iovecs[i];
            _headers[i].Header.IovLength = 1;
            _headers[i].Header.Name = _names + (i * RelayAddress.SockAddrBytes);
        }

        _to = new RelayLeg?[capacity];
        _rtcp = new bool[capacity];
    }

    public int Count { get; private set; }

    /// <summary>The socket every queued packet leaves from.</summary>
    public int Fd { get; private set; }

    public bool IsFull => Count == _capacity;

    /// <summary>Queues a packet; the caller flushes first when the batch is full or <paramref name="fd"/> differs from
    /// <see cref="Fd"/>. The packet's bytes must stay untouched until then.</summary>
    public void Add(int fd, byte* packet, int length, in RelayAddress destination, RelayLeg to, bool rtcp)
    {
        var i = Count++;
        Fd = fd;
        _iovecs[i].Base = packet;
        _iovecs[i].Length = (nuint)length;
        _headers[i].Header.NameLength = destination.Write((byte*)_headers[i].Header.Name);
        _to[i] = to;
        _rtcp[i] = rtcp;
    }

    /// <summary>Sends the packets from <paramref name="start"/> on; returns how many the kernel took (from the start),
    /// or -1 with <paramref name="errno"/> when the first of them failed.</summary>
    public int Send(int start, out int errno)
    {
        var sent = Libc.SendMmsg(Fd, _headers + start, (uint)(Count - start), Libc.MsgDontWait);
        errno = sent < 0 ? Marshal.GetLastPInvokeError() : 0;
        return sent;
    }

    public RelayLeg To(int index) => _to[index]!;

    public bool IsRtcp(int index) => _rtcp[index];

    public ReadOnlySpan<byte> Packet(int index) => new(_iovecs[index].Base, (int)_iovecs[index].Length);

    public void Clear()
    {
        Array.Clear(_to, 0, Count);
        Count = 0;
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
