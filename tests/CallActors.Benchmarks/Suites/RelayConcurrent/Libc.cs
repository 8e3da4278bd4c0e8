using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>The Linux calls the harness needs that .NET does not expose: epoll over many sockets, kernel receive
/// timestamps, sub-millisecond sleeps, a real-time sender, SIGINT and USER_HZ. DllImport of blittable arguments only:
/// LibraryImport would need unsafe code, which this project does not allow.</summary>
internal static class Libc
{
    private const uint EpollIn = 0x001;
    private const int EpollCtlAdd = 1;
    private const int ClockMonotonic = 1;
    private const int PrSetTimerSlack = 29;
    private const int SigInt = 2;
    private const int SchedFifo = 1;
    private const int ScClockTicks = 2;
    private const nuint SiocGStampNs = 0x8907;

    /// <summary>Creates an epoll instance; the caller closes it with <see cref="Close"/>.</summary>
    public static int EpollCreate()
    {
        var epoll = epoll_create1(0);
        return epoll >= 0 ? epoll : throw new InvalidOperationException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Watches <paramref name="fd"/> for readability, reporting it with <paramref name="data"/>.</summary>
    public static void EpollAdd(int epoll, int fd, ulong data)
    {
        var watch = new EpollEvent(EpollIn, data);
        if (epoll_ctl(epoll, EpollCtlAdd, fd, ref watch) != 0)
        {
            throw new InvalidOperationException($"epoll_ctl(ADD {fd}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> for readable descriptors; returns how many it wrote into <paramref name="ready"/>.</summary>
    public static int EpollWait(int epoll, EpollEvent[] ready, int timeoutMilliseconds)
    {
        var count = epoll_wait(epoll, ready, ready.Length, timeoutMilliseconds);
        return count >= 0 ? count : 0; // EINTR: the caller just waits again
    }

    public static void Close(int fd) => _ = close(fd);

    /// <summary>Sleeps for a span of Stopwatch ticks, with the precision of the thread's timer slack.</summary>
    public static void Sleep(long ticks)
    {
        var nanoseconds = (long)(ticks * (1e9 / Stopwatch.Frequency));
        var request = new Timespec(nanoseconds / 1_000_000_000, nanoseconds % 1_000_000_000);
        _ = clock_nanosleep(ClockMonotonic, 0, in request, IntPtr.Zero);
    }

    /// <summary>Lets the calling thread's timers fire within <paramref name="nanoseconds"/> of their time (the default slack is 50 µs).</summary>
    public static void SetTimerSlack(ulong nanoseconds) => _ = prctl(PrSetTimerSlack, (nuint)nanoseconds, 0, 0, 0);

    /// <summary>Makes the calling thread real-time (SCHED_FIFO at <paramref name="priority"/>): it runs as soon as it
    /// wakes, ahead of every ordinary thread. False without the privilege (CAP_SYS_NICE).</summary>
    public static bool SetRealtimePriority(int priority) => sched_setscheduler(0, SchedFifo, new SchedParam(priority)) == 0;

    /// <summary>Sends SIGINT, the signal a node shuts down cleanly on.</summary>
    public static bool Interrupt(int pid) => kill(pid, SigInt) == 0;

    /// <summary>When the kernel took in the last datagram read from <paramref name="fd"/> (CLOCK_REALTIME, ns), or
    /// -1 when it has none. The first call turns the socket's timestamps on.</summary>
    public static long LastReceiveTimestamp(int fd) =>
        ioctl(fd, SiocGStampNs, out var stamp) == 0 ? (stamp.Seconds * 1_000_000_000) + stamp.Nanoseconds : -1;

    /// <summary>The unit of /proc's CPU times (USER_HZ).</summary>
    public static long ClockTicksPerSecond() => sysconf(ScClockTicks);

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_create1(int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_ctl(int epoll, int operation, int fd, ref EpollEvent watch);

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_wait(int epoll, [Out] EpollEvent[] events, int maxEvents, int timeout);

    [DllImport("libc")]
    private static extern int close(int fd);

    [DllImport("libc")]
    private static extern int clock_nanosleep(int clock, int flags, in Timespec request, IntPtr remaining);

    [DllImport("libc")]
    private static extern int prctl(int option, nuint argument2, nuint argument3, nuint argument4, nuint argument5);

    [DllImport("libc")]
    private static extern long sysconf(int name);

    [DllImport("libc")]
    private static extern int ioctl(int fd, nuint request, out Timespec value);

    [DllImport("libc")]
    private static extern int sched_setscheduler(int pid, int policy, in SchedParam parameter);

    [DllImport("libc")]
    private static extern int kill(int pid, int signal);

    /// <summary>struct epoll_event as x86-64 declares it (packed: 12 bytes).</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    internal readonly struct EpollEvent(uint events, ulong data)
    {
        public uint Events { get; } = events;

        public ulong Data { get; } = data;
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct SchedParam(int priority)
    {
        public int Priority { get; } = priority;
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct Timespec(long seconds, long nanoseconds)
    {
        public long Seconds { get; } = seconds;

        public long Nanoseconds { get; } = nanoseconds;
    }
}
