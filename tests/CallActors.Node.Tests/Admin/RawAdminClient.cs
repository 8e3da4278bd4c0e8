using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Xunit;

namespace CallActors.Node.Tests.Admin;

/// <summary>Talks to an admin socket byte by byte, to send what <c>callactors sup</c> never would.</summary>
internal static class RawAdminClient
{
    public static Socket Connect(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        return socket;
    }

    /// <summary>Sends the bytes and returns the reply's exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> SendAsync(string socketPath, byte[] request)
    {
        using var socket = Connect(socketPath);
        await socket.SendAsync(request, SocketFlags.None);
        return await ReadReplyAsync(socket);
    }

    public static async Task<(int ExitCode, string Output)> ReadReplyAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reply = new MemoryStream();
        var buffer = new byte[4096];
        int count;
        while ((count = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            reply.Write(buffer, 0, count);
        }

        var text = Encoding.UTF8.GetString(reply.ToArray());
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(text);
        return (json.RootElement.GetProperty("exit_code").GetInt32(), json.RootElement.GetProperty("output").GetString()!);
    }
}
