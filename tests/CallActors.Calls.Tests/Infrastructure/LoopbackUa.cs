using System.Net;
using System.Net.Sockets;
using System.Text;
using CallActors.Sip.Messages;

namespace CallActors.Calls.Tests.Infrastructure;

/// <summary>A bare UDP socket on a loopback address that sends raw datagrams and reads SIP responses back.</summary>
internal sealed class LoopbackUa : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _node;

    public LoopbackUa(string address, IPEndPoint node)
    {
        _socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        _node = node;
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public void Send(ReadOnlySpan<byte> datagram) => _socket.SendTo(datagram, SocketFlags.None, _node);

    public void Send(string message) => Send(Encoding.UTF8.GetBytes(message));

    /// <summary>Sends a message to <paramref name="to"/> (acting as the callee the node called).</summary>
    public void Reply(SipMessage message, IPEndPoint to) => _socket.SendTo(SipSerializer.Serialize(message), SocketFlags.None, to);

    /// <summary>The next SIP message the node sends back, or null when none arrives in time.</summary>
    public async Task<SipMessage?> ReceiveAsync(TimeSpan timeout)
    {
        var buffer = new byte[65_536];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token).ConfigureAwait(false);
            return SipParser.Parse(buffer.AsSpan(0, received.ReceivedBytes), SipParserOptions.Default).Message;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Reads until a response with the wanted CSeq method and a final status arrives (skipping 1xx).</summary>
    public async Task<SipResponse?> ReceiveFinalAsync(string callId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await ReceiveAsync(deadline - DateTime.UtcNow).ConfigureAwait(false) is SipResponse { StatusCode: >= 200 } response &&
                response.CallId == callId)
            {
                return response;
            }
        }
        return null;
    }

    /// <summary>A request as sipp would write it, addressed to the node, from this socket.</summary>
    public string Request(string method, string callId, string requestUser = "service", string? toTag = null, string? body = null, int cseq = 1, int maxForwards = 70)
    {
        var local = LocalEndPoint;
        var node = _node;
        var builder = new StringBuilder();
        builder.Append(method).Append(" sip:").Append(requestUser).Append('@').Append(node).Append(" SIP/2.0\r\n");
        builder.Append("Via: SIP/2.0/UDP ").Append(local).Append(";branch=").Append(SipIds.NewBranch()).Append(";rport\r\n");
        builder.Append("From: <sip:caller@").Append(local).Append(">;tag=").Append(SipIds.NewTag()).Append("\r\n");
        builder.Append("To: <sip:").Append(requestUser).Append('@').Append(node).Append('>');
        if (toTag is not null)
        {
            builder.Append(";tag=").Append(toTag);
        }
        builder.Append("\r\nCall-ID: ").Append(callId).Append("\r\n");
        builder.Append("CSeq: ").Append(cseq).Append(' ').Append(method).Append("\r\n");
        builder.Append("Contact: <sip:caller@").Append(local).Append(">\r\n");
        builder.Append("Max-Forwards: ").Append(maxForwards).Append("\r\n");
        if (body is not null)
        {
            builder.Append("Content-Type: application/sdp\r\n");
        }
        builder.Append("Content-Length: ").Append(body is null ? 0 : Encoding.UTF8.GetByteCount(body)).Append("\r\n\r\n");
        builder.Append(body);
        return builder.ToString();
    }

    /// <summary>An in-dialog request (ACK, BYE…) of the caller's dialog, addressed to the node.</summary>
    public string InDialog(string method, string callId, string fromTag, string toTag, int cseq) =>
        $"{method} sip:callactors@{_node} SIP/2.0\r\nVia: SIP/2.0/UDP {LocalEndPoint};branch={SipIds.NewBranch()};rport\r\n" +
        $"From: <sip:caller@{LocalEndPoint}>;tag={fromTag}\r\nTo: <sip:service@{_node}>;tag={toTag}\r\nCall-ID: {callId}\r\n" +
        $"CSeq: {cseq} {method}\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";

    public void Dispose() => _socket.Dispose();
}
