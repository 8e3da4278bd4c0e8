using System.Runtime.InteropServices;

namespace CallActors.Media.Relay;

/// <summary>The Linux system calls the relay drives its sockets with, and their structures as laid out on 64-bit
/// Linux (x86-64 and arm64 agree on all of them except <c>struct epoll_event</c>, see <see cref="RelayEpoll"/>).</summary>
internal static unsafe partial class Libc
{
    public const int EINTR = 4;

    public const int SolSocket = 1;
    public const int SoTimestampNs = 35; // also SCM_TIMESTAMPNS, the control message it produces

    public const int MsgTrunc = 0x20;
    public const int MsgDontWait = 0x40;

    public const int EpollCloexec = 0x80000;
    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    public const uint EpollIn = 0x001;

    public const int EfdNonblock = 0x800;
    public const int EfdCloexec = 0x80000;

    public const int ClockRealtime = 0;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epollFd, int operation, int fd, byte* epollEvent);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epollFd, byte* events, int maxEvents, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMmsg(int fd, MMsgHdr* messages, uint count, int flags, TimeSpec* timeout);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMmsg(int fd, MMsgHdr* messages, uint count, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    public static partial int ClockGetTime(int clockId, TimeSpec* time);

    /// <summary>CLOCK_REALTIME in nanoseconds since the Unix epoch (the base of SO_TIMESTAMPNS).</summary>
    public static long RealtimeUnixNanos()
    {
        TimeSpec now;
        ClockGetTime(ClockRealtime, &now);
        return now.ToUnixNanos();
    }

    /// <summary><c>struct iovec</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary><c>struct msghdr</c> (56 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary><c>struct mmsghdr</c> (64 bytes): a message and, after the call, its length.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    /// <summary><c>struct timespec</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;

        public readonly long ToUnixNanos() => (Seconds * 1_000_000_000L) + Nanoseconds;
    }
}
