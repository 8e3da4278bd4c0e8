using System.Net.Sockets;

namespace CallActors.Node.Tests.Admin;

/// <summary>Leaves what a killed node leaves behind: a socket file nobody listens on.</summary>
internal static class DeadNode
{
    public static void LeaveSocketFile(string socketPath)
    {
        // .NET deletes the file of a socket it bound when that socket is disposed, so the file is bound under another
        // name and moved into place, where disposing no longer reaches it.
        var boundPath = socketPath + ".bound";
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(boundPath));
        File.Move(boundPath, socketPath);
    }
}
