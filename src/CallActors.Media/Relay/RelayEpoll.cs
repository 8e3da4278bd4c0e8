using System.ComponentModel;
using System.Runtime.InteropServices;

namespace CallActors.Media.Relay;

/// <summary>One worker's epoll instance (level-triggered) plus the eventfd that wakes it for commands and shutdown.</summary>
internal sealed unsafe class RelayEpoll : IDisposable
{
    /// <summary>The token the wake-up eventfd is registered with.</summary>
    public const ulong WakeToken = ulong.MaxValue;

    // x86-64 packs struct epoll_event (a 32-bit mask then the 64-bit data, 12 bytes); arm64 aligns the data (16 bytes).
    private static readonly int EventBytes = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = EventBytes - sizeof(ulong);

    private readonly int _epollFd;
    private readonly int _wakeFd;
    private readonly int _capacity;
    private readonly byte* _events;
    private bool _disposed;

    public RelayEpoll(int capacity)
    {
        _capacity = capacity;
        _epollFd = Libc.EpollCreate1(Libc.EpollCloexec);
        if (_epollFd < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "epoll_create1 failed");
        }

        _wakeFd = Libc.EventFd(0, Libc.EfdNonblock | Libc.EfdCloexec);
        if (_wakeFd < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            Libc.Close(_epollFd);
            throw new Win32Exception(error, "eventfd failed");
        }

        _events = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * EventBytes));
        if (!TryAdd(_wakeFd, WakeToken, out var addError))
        {
            Dispose();
            throw new Win32Exception(addError, "epoll_ctl(ADD) of the wake-up eventfd failed");
        }
    }

    /// <summary>Watches <paramref name="fd"/> for readability; <see cref="TokenAt"/> then reports <paramref name="token"/>.
    /// False with the errno when the kernel refuses (out of memory, fs.epoll.max_user_watches reached).</summary>
    public bool TryAdd(int fd, ulong token, out int errno)
    {
        var registration = stackalloc byte[16];
        *(uint*)registration = Libc.EpollIn;
        *(ulong*)(registration + DataOffset) = token;
        var added = Libc.EpollCtl(_epollFd, Libc.EpollCtlAdd, fd, registration) == 0;
        errno = added ? 0 : Marshal.GetLastPInvokeError();
        return added;
    }

    public void Remove(int fd)
    {
        // Fails only for an fd that was never added; the socket is closed right after either way.
        var ignored = stackalloc byte[16];
        Libc.EpollCtl(_epollFd, Libc.EpollCtlDel, fd, ignored);
    }

    /// <summary>Blocks until something is readable; returns how many events <see cref="TokenAt"/> can read (0 after a signal).</summary>
    public int Wait()
    {
        var count = Libc.EpollWait(_epollFd, _events, _capacity, -1);
        if (count >= 0)
        {
            return count;
        }

        var error = Marshal.GetLastPInvokeError();
        return error == Libc.EINTR ? 0 : throw new Win32Exception(error, "epoll_wait failed");
    }

    public ulong TokenAt(int index) => *(ulong*)(_events + (index * EventBytes) + DataOffset);

    /// <summary>Makes the current or next <see cref="Wait"/> return; callable from any thread.</summary>
    public void Wake()
    {
        ulong one = 1;
        Libc.Write(_wakeFd, &one, sizeof(ulong));
    }

    public void ResetWake()
    {
        ulong value;
        Libc.Read(_wakeFd, &value, sizeof(ulong));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Libc.Close(_wakeFd);
        Libc.Close(_epollFd);
        NativeMemory.Free(_events);
    }
}
