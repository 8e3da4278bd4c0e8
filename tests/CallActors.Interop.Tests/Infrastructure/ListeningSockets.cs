using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace CallActors.Interop.Tests.Infrastructure;

/// <summary>Whether some process listens on an IPv4 address and port, read from the kernel's socket tables
/// (<c>/proc/net/udp</c>, <c>/proc/net/tcp</c>): how a test knows a peer is ready before calling it.</summary>
internal static class ListeningSockets
{
    private const string TcpListen = "0A";

    public static bool IsListening(string address, int port, bool tcp)
    {
        // Lines look like "  12: 0203007F:13CE 00000000:0000 07 ...": the address in host byte order, port and state in hex.
        var local = $"{BitConverter.ToUInt32(IPAddress.Parse(address).GetAddressBytes()):X8}:{port:X4}";
        foreach (var line in File.ReadLines(tcp ? "/proc/net/tcp" : "/proc/net/udp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 3 && string.Equals(fields[1], local, StringComparison.OrdinalIgnoreCase) && (!tcp || fields[3] == TcpListen))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Polls until the socket is there; <paramref name="gaveUp"/> says why to stop early (the process died).</summary>
    public static void WaitUntilListening(string address, int port, bool tcp, TimeSpan timeout, Func<string?> gaveUp)
    {
        var deadline = Stopwatch.StartNew();
        while (!IsListening(address, port, tcp))
        {
            if (gaveUp() is { } reason)
            {
                throw new InvalidOperationException($"nothing listens on {(tcp ? "tcp" : "udp")}:{address}:{port.ToString(CultureInfo.InvariantCulture)}: {reason}");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"nothing listens on {(tcp ? "tcp" : "udp")}:{address}:{port.ToString(CultureInfo.InvariantCulture)} after {timeout.TotalSeconds:0} s");
            }

            Thread.Sleep(20); // polling interval
        }
    }
}
