using System.Net;
using System.Net.Sockets;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>One call's two RTP sockets and where each sends: through the relay, or straight to the other.</summary>
internal sealed record AudioPair(Socket Caller, IPEndPoint CallerSendsTo, Socket Callee, IPEndPoint CalleeSendsTo) : IDisposable
{
    /// <summary>A UDP socket bound to an ephemeral port on <paramref name="address"/>.</summary>
    public static Socket OpenSocket(IPAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    /// <summary>Two sockets that send to each other, as two phones would without a relay.</summary>
    public static AudioPair Direct(IPAddress callerAddress, IPAddress calleeAddress)
    {
        var caller = OpenSocket(callerAddress);
        var callee = OpenSocket(calleeAddress);
        return new AudioPair(caller, (IPEndPoint)callee.LocalEndPoint!, callee, (IPEndPoint)caller.LocalEndPoint!);
    }

    public void Dispose()
    {
        Caller.Dispose();
        Callee.Dispose();
    }
}
