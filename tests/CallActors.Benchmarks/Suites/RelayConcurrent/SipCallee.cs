using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using CallActors.Sip.Messages;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>The harness's called user agent behind the node: answers every INVITE 100 then 200 with an SDP for an RTP
/// socket it opens for that call, absorbs the ACK, answers BYE (and anything else) 200. <see cref="TakeLeg"/> hands a
/// call's socket and the address the node's INVITE wants its audio sent to over to the audio load.</summary>
internal sealed class SipCallee : IAsyncDisposable
{
    private readonly SipSocket _socket;
    private readonly IPAddress _rtpAddress;
    private readonly ConcurrentDictionary<string, byte[]> _answers = new(); // Call-ID → its 200, for retransmitted INVITEs
    private readonly ConcurrentDictionary<string, (Socket Rtp, IPEndPoint SendsTo)> _legs = new(); // Request-URI user → leg

    public SipCallee(IPEndPoint bindTo, IPAddress rtpAddress)
    {
        _rtpAddress = rtpAddress;
        _socket = new SipSocket(bindTo, OnMessage);
    }

    /// <summary>The RTP socket this side opened for the call to <paramref name="user"/>, and where its audio goes.</summary>
    public (Socket Rtp, IPEndPoint SendsTo) TakeLeg(string user)
    {
        _socket.ThrowIfFailed();
        return _legs.TryRemove(user, out var leg) ? leg : throw new InvalidOperationException($"the call to {user} was answered but its INVITE never reached the callee");
    }

    public async ValueTask DisposeAsync()
    {
        await _socket.DisposeAsync();
        foreach (var leg in _legs.Values)
        {
            leg.Rtp.Dispose();
        }
    }

    private void OnMessage(SipMessage message, IPEndPoint from)
    {
        if (message is not SipRequest request || request.CallId is not { } callId)
        {
            return;
        }
        switch (request.Method)
        {
            case SipMethods.Invite:
                Answer(request, callId, from);
                break;
            case SipMethods.Ack:
                break;
            default:
                _answers.TryRemove(callId, out _);
                _socket.Send(SipResponse.CreateFor(request, 200), from);
                break;
        }
    }

    private void Answer(SipRequest invite, string callId, IPEndPoint from)
    {
        if (_answers.TryGetValue(callId, out var answered))
        {
            _socket.Send(answered, from);
            return;
        }
        _socket.Send(SipResponse.CreateFor(invite, 100), from);
        if (invite.RequestUri.User is not { } user || AudioSdp.GetAudioDestination(invite) is not { } sendsTo)
        {
            _socket.Send(SipResponse.CreateFor(invite, 488, toTag: SipIds.NewTag()), from);
            return;
        }
        var rtp = AudioPair.OpenSocket(_rtpAddress);
        _legs[user] = (rtp, sendsTo);
        var ok = SipResponse.CreateFor(invite, 200, toTag: SipIds.NewTag());
        var local = _socket.LocalEndPoint;
        ok.Headers.Add(SipHeaderNames.Contact, new NameAddress(SipUri.Create("bench", local.Address.ToString(), local.Port)).ToString());
        ok.SetBody(AudioSdp.Describe((IPEndPoint)rtp.LocalEndPoint!), AudioSdp.ContentType);
        var datagram = SipSerializer.Serialize(ok);
        _answers[callId] = datagram;
        _socket.Send(datagram, from);
    }
}
