using System.Net.Sockets;
using CallActors.Node.Admin;
using CallActors.Node.Configuration;

namespace CallActors.Node.Commands;

/// <summary><c>callactors sup MODULE FUNCTION [ARGS...]</c>: runs a maintenance function on the running node through its admin socket.</summary>
public static class SupCommand
{
    private const string Form = "callactors sup MODULE FUNCTION [ARGS...] [--config FILE] [--data-dir DIR] [--set key=value]...";

    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Returns the node's exit code for the function; 1 when no node answers, 2 for a usage error.</summary>
    public static async Task<int> RunAsync(NodeArguments arguments, CallActorsOptions options, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (arguments.Operands.Count < 2)
        {
            await error.WriteLineAsync(
                $"callactors: sup expects a module and a function{Environment.NewLine}usage: {Form}{Environment.NewLine}  e.g. callactors sup crossbar_maintenance running_modules")
                .ConfigureAwait(false);
            return 2;
        }

        var dataDir = Path.GetFullPath(options.DataDir);
        var socketPath = AdminSocketServer.SocketPath(dataDir);
        var notRunning = $"callactors: no node is running with data dir {dataDir} (no admin socket at {socketPath})";
        if (!File.Exists(socketPath))
        {
            await error.WriteLineAsync(notRunning).ConfigureAwait(false);
            return 1;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ReplyTimeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        AdminProtocol.Line line;
        try
        {
            await socket.ConnectAsync(AdminSocketServer.EndPointFor(socketPath), timeout.Token).ConfigureAwait(false);
            var request = AdminProtocol.EncodeRequest(new AdminRequest(arguments.Operands[0], arguments.Operands[1], [.. arguments.Operands.Skip(2)]));
            while (!request.IsEmpty)
            {
                request = request[await socket.SendAsync(request, SocketFlags.None, timeout.Token).ConfigureAwait(false)..];
            }

            line = await AdminProtocol.ReadLineAsync(socket, AdminProtocol.MaxReplyBytes, timeout.Token).ConfigureAwait(false);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable)
        {
            // Refused: the node died and left its socket file behind. Not found: it stopped just now.
            await error.WriteLineAsync(notRunning).ConfigureAwait(false);
            return 1;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AccessDenied)
        {
            await error.WriteLineAsync($"callactors: permission denied on {socketPath}: run sup as the node's user").ConfigureAwait(false);
            return AdminProtocol.ExitNoPermission;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await error.WriteLineAsync($"callactors: the node did not answer within {ReplyTimeout.TotalSeconds} s ({socketPath})").ConfigureAwait(false);
            return 1;
        }
        catch (Exception ex) when (ex is SocketException or PathTooLongException)
        {
            await error.WriteLineAsync($"callactors: cannot talk to the node at {socketPath}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        if (line.Status != AdminProtocol.LineStatus.Complete || !AdminProtocol.TryDecodeReply(line.Bytes, out var reply))
        {
            await error.WriteLineAsync($"callactors: the node at {socketPath} closed the connection without a valid reply").ConfigureAwait(false);
            return 1;
        }

        var writer = reply.ExitCode == 0 ? output : error;
        if (reply.Output.Length > 0)
        {
            await writer.WriteAsync(reply.Output).ConfigureAwait(false);
            if (!reply.Output.EndsWith('\n'))
            {
                await writer.WriteLineAsync().ConfigureAwait(false);
            }
        }

        return reply.ExitCode;
    }
}
