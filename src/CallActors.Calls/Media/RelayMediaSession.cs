using System.Net;
using CallActors.Media.Monitoring;
using CallActors.Media.Packets;
using CallActors.Media.Relay;
using CallActors.Recording;
using CallActors.Sip.Messages;
using CallActors.Sip.Sdp;
using Microsoft.Extensions.Logging;

namespace CallActors.Calls.Media;

/// <summary>One call's anchored media: rewrites each SDP body to the relay's ports for the leg it is sent on (first
/// audio stream relayed, other streams declined with port 0), tells the relay where each leg receives, and feeds both
/// legs' monitors from the relay's thread. The monitors are guarded by one lock, taken per packet (uncontended: one
/// relay thread per session) and per sample.</summary>
public sealed partial class RelayMediaSession : IMediaSession, IRelayPacketObserver
{
    /// <summary>Attributes that describe a path the relay replaces (ICE, RFC 3605 rtcp port): not passed on.</summary>
    private static readonly string[] PathAttributes =
        ["rtcp", "candidate", "remote-candidates", "ice-ufrag", "ice-pwd", "ice-options", "ice-lite", "ice-mismatch", "end-of-candidates"];

    private readonly string _callId;
    private readonly string _advertisedAddress;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly MediaLegMonitor _caller;
    private readonly MediaLegMonitor _callee;
    private readonly string?[] _announced = new string?[2];
    private readonly bool[] _held = new bool[2];
    private readonly List<RtpMap>[] _payloadTypes = [[], []];
    private RelaySession? _relay;
    private volatile RecordingCapture? _recorder;

    internal RelayMediaSession(string callId, string advertisedAddress, MediaMonitorOptions options, ILogger logger)
    {
        _callId = callId;
        _advertisedAddress = advertisedAddress;
        _logger = logger;
        _caller = new MediaLegMonitor(options);
        _callee = new MediaLegMonitor(options);
    }

    public MediaActivity Activity
    {
        get
        {
            var relay = Relay();
            return new MediaActivity(relay.Caller.Counters.RtpReceived, relay.Callee.Counters.RtpReceived, _held[0] || _held[1]);
        }
    }

    internal void Attach(RelaySession relay) => _relay = relay;

    public ReadOnlyMemory<byte> Relay(CallLeg toward, SipMessage from)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (!SdpParser.TryParse(from.Body.Span, out var sdp, out var error))
        {
            // The call actor refuses unparsable offers with 488; an unparsable answer is passed on for the peer to judge.
            LogUnparsableSdp(_logger, _callId, error ?? "unparsable");
            return from.Body;
        }

        var fromLeg = toward.Other();
        var audio = FirstAudioStream(sdp);
        var relay = Relay();
        if (audio >= 0)
        {
            var media = sdp.Media[audio];
            var peer = Announced(media);
            relay[Side(fromLeg)].SetPeer(peer, media.IsRtcpMux || peer is null ? null : new IPEndPoint(peer.Address, media.RtcpPort), media.IsRtcpMux);
            _announced[(int)fromLeg] = peer?.ToString();
            _held[(int)fromLeg] = sdp.IsHold;
            _payloadTypes[(int)fromLeg] = PayloadTypesOf(media);
            lock (_gate)
            {
                // A leg sends with the numbers its peer's SDP gave (RFC 3264 §5.1); the leg's own SDP fills the gaps.
                _caller.SetNegotiated(Merge(_payloadTypes[(int)CallLeg.Callee], _payloadTypes[(int)CallLeg.Caller]));
                _callee.SetNegotiated(Merge(_payloadTypes[(int)CallLeg.Caller], _payloadTypes[(int)CallLeg.Callee]));
            }
            if (_recorder is { } recorder)
            {
                SetRecorderPayloadTypes(recorder);
            }
        }

        var rewritten = sdp.WithConnectionAddress(_advertisedAddress);
        for (var i = 0; i < rewritten.Media.Count; i++)
        {
            if (i == audio)
            {
                rewritten.SetMediaPort(i, relay[Side(toward)].LocalRtp.Port);
            }
            else if (!rewritten.Media[i].IsDisabled)
            {
                LogStreamDeclined(_logger, _callId, rewritten.Media[i].MediaType);
                rewritten.SetMediaPort(i, 0);
            }
        }
        foreach (var attribute in PathAttributes)
        {
            rewritten.RemoveAttributes(attribute);
        }
        return rewritten.ToBytes();
    }

    public CallMediaSample? Sample()
    {
        var relay = Relay();
        MediaLegSnapshot caller, callee;
        lock (_gate)
        {
            // Mouth-to-ear: each listener hears the other leg's path as well as its own.
            var delay = OneWayDelay();
            caller = _caller.Snapshot(delay);
            callee = _callee.Snapshot(delay);
        }
        return new CallMediaSample(
            LegSample(caller, relay.Caller, CallLeg.Caller),
            LegSample(callee, relay.Callee, CallLeg.Callee));
    }

    public string? RecordingProblem()
    {
        for (var leg = 0; leg < 2; leg++)
        {
            if (_payloadTypes[leg].Count == 0)
            {
                return $"no audio has been negotiated with the {PartyName(leg)} yet";
            }
            // The codec a leg sends is the first one of its list that carries audio (RFC 3264 §6.1).
            var codec = _payloadTypes[leg].Find(map => !IsSignalling(map.EncodingName));
            if (codec is null || G711.FromEncodingName(codec.EncodingName) is null)
            {
                var name = codec is null ? "no audio codec" : $"{codec.EncodingName}/{codec.ClockRate}";
                return $"the {PartyName(leg)}'s audio is {name}; recording decodes G.711 only (PCMU, PCMA)";
            }
        }
        return null;
    }

    public void AttachRecorder(RecordingCapture? capture)
    {
        if (capture is not null)
        {
            SetRecorderPayloadTypes(capture);
        }
        _recorder = capture;
    }

    public void Dispose() => _relay?.Dispose();

    // ---- relay thread -------------------------------------------------------------------------------------------

    void IRelayPacketObserver.OnRtp(RelayLegSide from, ReadOnlySpan<byte> packet, long arrivalUnixNanos)
    {
        lock (_gate)
        {
            Monitor(from).OnInboundRtp(packet, arrivalUnixNanos);
        }
        // The capture copies the payload into its own queue: no disk I/O on the relay thread.
        _recorder?.Write(from == RelayLegSide.Caller ? 0 : 1, packet, arrivalUnixNanos);
    }

    void IRelayPacketObserver.OnRtcp(RelayLegSide from, ReadOnlySpan<byte> packet, long arrivalUnixNanos)
    {
        lock (_gate)
        {
            Monitor(from).OnInboundRtcp(packet, arrivalUnixNanos);
        }
    }

    void IRelayPacketObserver.OnRtpSent(RelayLegSide to, ReadOnlySpan<byte> packet)
    {
        lock (_gate)
        {
            Monitor(to).OnOutboundRtp(packet);
        }
    }

    void IRelayPacketObserver.OnRtcpSent(RelayLegSide to, ReadOnlySpan<byte> packet, long sentUnixNanos)
    {
        lock (_gate)
        {
            Monitor(to).OnOutboundRtcp(packet, sentUnixNanos);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private RelaySession Relay() => _relay ?? throw new InvalidOperationException("The media session is not attached to the relay.");

    private MediaLegMonitor Monitor(RelayLegSide side) => side == RelayLegSide.Caller ? _caller : _callee;

    private static RelayLegSide Side(CallLeg leg) => leg == CallLeg.Caller ? RelayLegSide.Caller : RelayLegSide.Callee;

    /// <summary>Half of each leg's measured round trip, summed; null (the monitor's default) until both are known.</summary>
    private double? OneWayDelay() =>
        _caller.RoundTripMilliseconds is { } a && _callee.RoundTripMilliseconds is { } b ? (a + b) / 2 : null;

    private MediaLegSample LegSample(MediaLegSnapshot figures, RelayLeg leg, CallLeg role) =>
        new(figures, leg.LatchedRtpSource?.ToString() ?? _announced[(int)role], leg.LocalRtp.ToString(), leg.Counters);

    private static string PartyName(int leg) => leg == (int)CallLeg.Caller ? "caller" : "callee";

    /// <summary>Payload types that are not a voice codec: DTMF events, comfort noise, redundancy.</summary>
    private static bool IsSignalling(string encodingName) =>
        encodingName.Equals("telephone-event", StringComparison.OrdinalIgnoreCase)
        || encodingName.Equals("CN", StringComparison.OrdinalIgnoreCase)
        || encodingName.Equals("red", StringComparison.OrdinalIgnoreCase);

    /// <summary>The numbers each leg sends with, as for the monitors: the peer's SDP first, the leg's own for the gaps.</summary>
    private void SetRecorderPayloadTypes(RecordingCapture capture)
    {
        var caller = Merge(_payloadTypes[(int)CallLeg.Callee], _payloadTypes[(int)CallLeg.Caller]);
        var callee = Merge(_payloadTypes[(int)CallLeg.Caller], _payloadTypes[(int)CallLeg.Callee]);
        capture.SetPayloadTypes(0, G711PayloadTypes(caller), TelephoneEventTypes(caller));
        capture.SetPayloadTypes(1, G711PayloadTypes(callee), TelephoneEventTypes(callee));
    }

    private static IEnumerable<byte> TelephoneEventTypes(List<RtpMap> maps) =>
        maps.Where(map => map.EncodingName.Equals("telephone-event", StringComparison.OrdinalIgnoreCase)).Select(map => map.PayloadType);

    private static Dictionary<byte, AudioCodec> G711PayloadTypes(List<RtpMap> maps)
    {
        var codecs = new Dictionary<byte, AudioCodec>();
        foreach (var map in maps)
        {
            if (G711.FromEncodingName(map.EncodingName) is { } codec)
            {
                codecs[map.PayloadType] = codec;
            }
        }
        return codecs;
    }

    private static int FirstAudioStream(SdpSession sdp)
    {
        for (var i = 0; i < sdp.Media.Count; i++)
        {
            var media = sdp.Media[i];
            if (media.MediaType == "audio" && !media.IsDisabled && media.Protocol.StartsWith("RTP/", StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Where the leg said it receives RTP; null on hold by address (0.0.0.0) or when the address is a name.</summary>
    private static IPEndPoint? Announced(SdpMedia media) =>
        IPAddress.TryParse(media.ConnectionAddress, out var address) && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any)
            ? new IPEndPoint(address, media.Port)
            : null;

    private static List<RtpMap> Merge(List<RtpMap> first, List<RtpMap> then)
    {
        var merged = new List<RtpMap>(first);
        foreach (var map in then)
        {
            if (!merged.Exists(m => m.PayloadType == map.PayloadType))
            {
                merged.Add(map);
            }
        }
        return merged;
    }

    private static List<RtpMap> PayloadTypesOf(SdpMedia media)
    {
        var maps = new List<RtpMap>();
        foreach (var payloadType in media.PayloadTypes)
        {
            if (payloadType is >= 0 and <= 127 && (media.GetRtpMap(payloadType) ?? SdpRtpMap.Static(payloadType)) is { } map)
            {
                maps.Add(new RtpMap((byte)payloadType, map.EncodingName, map.ClockRate, map.Channels));
            }
        }
        return maps;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Call {CallId}: SDP not rewritten ({Problem}); passed on as it is")]
    private static partial void LogUnparsableSdp(ILogger logger, string callId, string problem);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Call {CallId}: {MediaType} stream declined (the relay anchors one audio stream)")]
    private static partial void LogStreamDeclined(ILogger logger, string callId, string mediaType);
}
