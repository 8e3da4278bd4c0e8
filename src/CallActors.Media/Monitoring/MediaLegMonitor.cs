using CallActors.Media.Packets;
using CallActors.Media.Quality;

namespace CallActors.Media.Monitoring;

/// <summary>Turns one call leg's RTP and RTCP into the figures a call's insights show: the stream the leg sends us
/// (rfc3550, g107, freeswitch), the stream we send it, and what the leg reports about ours (remote_rtcp).
/// Socket-independent; not thread-safe (the caller serialises); allocation-free per packet.</summary>
/// <remarks>
/// Packets are classified with the leg's negotiated payload types: the telephone-event type is DTMF, PT 13 or a
/// negotiated CN type is comfort noise, anything else is media; the clock comes from the rtpmap, else the RFC 3551
/// static table, and a payload type with neither is counted but gets no jitter. The same map serves both directions
/// (offer and answer normally agree on the numbers). A new inbound SSRC restarts the rfc3550 and g107 figures (and the
/// Wireshark-rule ones, as tshark shows each SSRC as its own stream); counts and the freeswitch figures run on, as
/// FreeSWITCH's do.
/// </remarks>
public sealed class MediaLegMonitor
{
    private const string Rfc2833 = "rfc2833";
    private const string DelayFromCaller = "caller";
    private const string DelayFromRoundTrip = "rtt";
    private const string DelayFromDefault = "default";
    private const int PayloadTypeCount = 128;
    private const int ForwardedSenderReports = 8;
    private const long NanosPerMillisecond = 1_000_000;
    private const long NanosPerSecond = 1_000_000_000;
    private const long MaxRoundTripNanos = 10 * NanosPerSecond; // longer is a stale or mismatched SR (rtpengine's bound)
    private const int G722SampleRate = 16000;
    private const int MaxEarlierSources = 8;

    private readonly MediaMonitorOptions _options;

    private readonly PacketKind[] _kinds = new PacketKind[PayloadTypeCount];
    private readonly int[] _clockRates = new int[PayloadTypeCount];
    private readonly CodecFamily[] _families = new CodecFamily[PayloadTypeCount];
    private readonly string?[] _names = new string?[PayloadTypeCount];
    private bool _telephoneEventNegotiated;

    private readonly MediaPacketCounter _inbound = new();
    private readonly Rfc3550StreamStatistics _rfc3550;
    private readonly WiresharkRtpAnalysis _wireshark = new();
    private readonly BurstRatioEstimator _burst = new();
    private readonly FreeSwitchQuality _freeSwitch = new();
    private long _inboundMalformed;
    private bool _hasInbound;
    private uint _inboundSsrc;
    private readonly List<InboundSourceSnapshot> _earlierSources = [];
    private long _firstInboundNanos;
    private long _lastInboundNanos;
    private int _inboundMediaPayloadType = -1;
    private bool _telephoneEventSeen;

    private readonly MediaPacketCounter _outbound = new();
    private bool _hasOutbound;
    private uint _outboundSsrc;
    private int _outboundMediaPayloadType = -1;

    // The SRs we forwarded to the leg, newest last: NTP middle 32 bits (what the leg echoes as LSR) and send time.
    private readonly uint[] _senderReportNtp = new uint[ForwardedSenderReports];
    private readonly long[] _senderReportSentNanos = new long[ForwardedSenderReports];
    private int _senderReportsForwarded;

    private long _rtcpPackets;
    private long _reports;
    private long _lastReportNanos;
    private byte _fractionLost;
    private int _cumulativeLost;
    private uint _jitterField;
    private double? _roundTripMs;
    private int? _xrRFactor;
    private double? _xrMosLq;
    private double? _xrMosCq;

    /// <summary>Creates the monitor of one leg.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public MediaLegMonitor(MediaMonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _rfc3550 = new Rfc3550StreamStatistics(options.RequireProbation);
        SetNegotiated([]);
    }

    /// <summary>When the leg's latest RTP arrived, ns since the Unix epoch; 0 before any.</summary>
    public long LastInboundRtpUnixNanos => _lastInboundNanos;

    /// <summary>The node↔leg round trip in ms from the latest report block of the leg that echoes (LSR) an SR we
    /// forwarded to it: arrival − forward time − DLSR; null until one did.</summary>
    public double? RoundTripMilliseconds => _roundTripMs;

    /// <summary>Takes the leg's negotiated payload types from its SDP (rtpmap entries, static types included, the
    /// telephone-event and CN types among them); may be called again after a re-INVITE. Figures so far are kept.</summary>
    public void SetNegotiated(IReadOnlyList<RtpMap> payloadTypes)
    {
        ArgumentNullException.ThrowIfNull(payloadTypes);
        var resolver = new ClockRateResolver(payloadTypes);
        for (var payloadType = 0; payloadType < PayloadTypeCount; payloadType++)
        {
            var pt = (byte)payloadType;
            _clockRates[pt] = resolver.GetClockRate(pt) ?? 0;
            _families[pt] = resolver.GetCodecFamily(pt);
            _names[pt] = PayloadTypes.GetStaticEncodingName(pt);
            _kinds[pt] = resolver.IsTelephoneEvent(pt) ? PacketKind.Dtmf
                : pt == PayloadTypes.ComfortNoise || resolver.IsComfortNoise(pt) ? PacketKind.ComfortNoise
                : PacketKind.Media;
        }

        _telephoneEventNegotiated = false;
        foreach (var rtpMap in payloadTypes)
        {
            if (rtpMap.PayloadType < PayloadTypeCount)
            {
                _names[rtpMap.PayloadType] = rtpMap.EncodingName;
                _telephoneEventNegotiated |= _kinds[rtpMap.PayloadType] == PacketKind.Dtmf;
            }
        }
    }

    /// <summary>Feeds an RTP packet the leg sent us, in arrival order.</summary>
    /// <param name="packet">The RTP packet (no UDP/IP headers).</param>
    /// <param name="arrivalUnixNanos">When it arrived, ns since the Unix epoch.</param>
    public void OnInboundRtp(ReadOnlySpan<byte> packet, long arrivalUnixNanos)
    {
        if (!RtpPacket.TryParse(packet, out var rtp, out _))
        {
            _inboundMalformed++;
            return;
        }

        var payloadType = rtp.PayloadType;
        var kind = _kinds[payloadType];
        var clockRate = _clockRates[payloadType];
        _inbound.Add(kind, packet.Length, unknownPayloadType: clockRate == 0);
        if (kind == PacketKind.Dtmf)
        {
            _telephoneEventSeen = true;
        }
        else if (kind == PacketKind.Media)
        {
            _inboundMediaPayloadType = payloadType;
        }

        var ssrc = rtp.Ssrc;
        if (!_hasInbound)
        {
            _hasInbound = true;
            _firstInboundNanos = arrivalUnixNanos;
        }
        else if (ssrc != _inboundSsrc)
        {
            KeepEarlierSource();
            _wireshark.Reset();
            _burst.Reset();
        }

        _inboundSsrc = ssrc;
        _lastInboundNanos = arrivalUnixNanos;

        var sequenceNumber = rtp.SequenceNumber;
        var timestamp = rtp.Timestamp;
        var arrival = TimeSpan.FromTicks(arrivalUnixNanos / (NanosPerSecond / TimeSpan.TicksPerSecond));
        _rfc3550.OnPacket(ssrc, sequenceNumber, timestamp, arrival, clockRate, kind);
        _wireshark.OnPacket(sequenceNumber, timestamp, rtp.Marker, payloadType, kind, clockRate, arrival);
        _burst.OnPacket(sequenceNumber);
        _freeSwitch.OnInboundPacket(kind, packet.Length, sequenceNumber, arrivalUnixNanos / NanosPerMillisecond);
    }

    /// <summary>Feeds an RTCP compound packet the leg sent us: its SR/RR blocks and XR VoIP metrics about our stream.</summary>
    /// <param name="packet">The RTCP compound packet.</param>
    /// <param name="arrivalUnixNanos">When it arrived, ns since the Unix epoch.</param>
    public void OnInboundRtcp(ReadOnlySpan<byte> packet, long arrivalUnixNanos)
    {
        if (!RtcpCompoundPacket.TryParse(packet, out var compound, out _))
        {
            return;
        }

        _rtcpPackets++;
        foreach (var rtcp in compound)
        {
            switch (rtcp.PacketType)
            {
                case RtcpPacketType.SenderReport when RtcpSenderReport.TryParse(rtcp, out var senderReport, out _):
                    foreach (var block in senderReport.ReportBlocks)
                    {
                        OnReportBlock(block, arrivalUnixNanos);
                    }

                    break;
                case RtcpPacketType.ReceiverReport when RtcpReceiverReport.TryParse(rtcp, out var receiverReport, out _):
                    foreach (var block in receiverReport.ReportBlocks)
                    {
                        OnReportBlock(block, arrivalUnixNanos);
                    }

                    break;
                case RtcpPacketType.ExtendedReport when RtcpExtendedReport.TryParse(rtcp, out var extendedReport, out _):
                    foreach (var block in extendedReport)
                    {
                        if (block.BlockType == RtcpXrVoipMetrics.BlockTypeValue
                            && RtcpXrVoipMetrics.TryParse(block, out var metrics, out _)
                            && IsAboutOurStream(metrics.Ssrc))
                        {
                            _xrRFactor = metrics.RFactor;
                            _xrMosLq = metrics.MosLq;
                            _xrMosCq = metrics.MosCq;
                        }
                    }

                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Counts an RTP packet we forwarded to the leg.</summary>
    public void OnOutboundRtp(ReadOnlySpan<byte> packet)
    {
        if (!RtpPacket.TryParse(packet, out var rtp, out _))
        {
            return;
        }

        var payloadType = rtp.PayloadType;
        var kind = _kinds[payloadType];
        _outbound.Add(kind, packet.Length, unknownPayloadType: _clockRates[payloadType] == 0);
        if (kind == PacketKind.Media)
        {
            _outboundMediaPayloadType = payloadType;
        }

        _hasOutbound = true;
        _outboundSsrc = rtp.Ssrc;
    }

    /// <summary>Notes the SRs in an RTCP compound packet we forwarded to the leg, so a report echoing one gives the RTT.</summary>
    /// <param name="packet">The RTCP compound packet.</param>
    /// <param name="sentUnixNanos">When it was sent, ns since the Unix epoch.</param>
    public void OnOutboundRtcp(ReadOnlySpan<byte> packet, long sentUnixNanos)
    {
        if (!RtcpCompoundPacket.TryParse(packet, out var compound, out _))
        {
            return;
        }

        foreach (var rtcp in compound)
        {
            if (rtcp.PacketType == RtcpPacketType.SenderReport && RtcpSenderReport.TryParse(rtcp, out var senderReport, out _))
            {
                var slot = _senderReportsForwarded++ % ForwardedSenderReports;
                _senderReportNtp[slot] = senderReport.NtpMiddle32;
                _senderReportSentNanos[slot] = sentUnixNanos;
            }
        }
    }

    /// <summary>The inbound stream's figures by TShark 4.0.17's rules for the current SSRC (what
    /// <c>tshark -z rtp,streams</c> would print for it).</summary>
    public WiresharkFigures GetInboundWiresharkFigures() => _wireshark.GetFigures();

    /// <summary>The leg's figures now; changes no state, so it may be taken as often as wanted.</summary>
    /// <param name="oneWayDelayMilliseconds">Ta for the E-model; null for this leg's RTT ÷ 2 when measured, else
    /// <see cref="MediaMonitorOptions.DefaultOneWayDelayMilliseconds"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="oneWayDelayMilliseconds"/> is negative or not finite.</exception>
    public MediaLegSnapshot Snapshot(double? oneWayDelayMilliseconds = null)
    {
        if (oneWayDelayMilliseconds is { } given && (!double.IsFinite(given) || given < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(oneWayDelayMilliseconds), given, "The one-way delay must be a finite number of ms, at least 0.");
        }

        var inbound = SnapshotInbound(oneWayDelayMilliseconds);
        var outbound = new OutboundStreamSnapshot(
            _outbound.ToRecord(), Codec(_outboundMediaPayloadType), _hasOutbound ? _outboundSsrc : null);
        var oneWayAudio = (_inbound.MediaPackets == 0) != (_outbound.MediaPackets == 0);
        return new MediaLegSnapshot(inbound, outbound, _rtcpPackets == 0 ? null : SnapshotRemoteRtcp(), oneWayAudio);
    }

    private InboundStreamSnapshot SnapshotInbound(double? oneWayDelayMilliseconds)
    {
        var figures = _rfc3550.GetFigures();
        Rfc3550Snapshot? rfc3550 = null;
        G107Snapshot? g107 = null;
        FreeSwitchSnapshot? freeSwitch = null;
        if (_hasInbound)
        {
            rfc3550 = Rfc3550(figures, _wireshark.GetFigures());
            g107 = G107(figures, oneWayDelayMilliseconds);
            freeSwitch = FreeSwitch(_freeSwitch.GetSyncedFigures());
        }

        return new InboundStreamSnapshot(
            Counts: _inbound.ToRecord(),
            MalformedPackets: _inboundMalformed,
            Codec: Codec(_inboundMediaPayloadType),
            DtmfType: _telephoneEventNegotiated || _telephoneEventSeen ? Rfc2833 : null,
            Ssrc: _hasInbound ? _inboundSsrc : null,
            SsrcChanges: figures.SsrcChanges,
            FirstPacketUnixNanos: _hasInbound ? _firstInboundNanos : null,
            LastPacketUnixNanos: _hasInbound ? _lastInboundNanos : null,
            Rfc3550: rfc3550,
            G107: g107,
            FreeSwitch: freeSwitch,
            EarlierSources: _earlierSources.ToArray());
    }

    /// <summary>The source is about to change: its final rfc3550 and g107 figures are kept (the newest
    /// <see cref="MaxEarlierSources"/>), since the new source restarts them. Rare, so it may allocate.</summary>
    private void KeepEarlierSource()
    {
        var figures = _rfc3550.GetFigures();
        if (_earlierSources.Count == MaxEarlierSources)
        {
            _earlierSources.RemoveAt(0);
        }
        _earlierSources.Add(new InboundSourceSnapshot(_inboundSsrc, Rfc3550(figures, _wireshark.GetFigures()), G107(figures, null)));
    }

    private static Rfc3550Snapshot Rfc3550(Rfc3550Figures figures, WiresharkFigures wireshark)
    {
        var hasClock = figures.ClockRate > 0;
        return new Rfc3550Snapshot(
            Expected: figures.Expected,
            Received: figures.Received,
            Lost: figures.Lost,
            LossRatio: figures.LossRatio,
            Duplicates: figures.Duplicates,
            Reordered: figures.Reordered,
            SequenceWraps: (int)(figures.ExtendedHighestSequence >> 16),
            InterarrivalJitterMilliseconds: hasClock ? figures.JitterMilliseconds : null,
            InterarrivalJitterMaxMilliseconds: hasClock ? figures.MaxJitterMilliseconds : null,
            JitterMinMilliseconds: wireshark.MinJitterMilliseconds,
            JitterMeanMilliseconds: wireshark.MeanJitterMilliseconds,
            JitterMaxMilliseconds: wireshark.MaxJitterMilliseconds,
            DeltaMinMilliseconds: wireshark.MinDeltaMilliseconds,
            DeltaMeanMilliseconds: wireshark.MeanDeltaMilliseconds,
            DeltaMaxMilliseconds: wireshark.MaxDeltaMilliseconds,
            MeanIntervalMilliseconds: wireshark.MeanRegularDeltaMilliseconds,
            SequenceErrors: wireshark.SequenceErrors);
    }

    private G107Snapshot? G107(Rfc3550Figures figures, double? oneWayDelayMilliseconds)
    {
        var name = _inboundMediaPayloadType < 0 ? null : _names[_inboundMediaPayloadType];
        if (figures.Expected <= 0 || name is null || CodecImpairment.FindByEncodingName(name) is not { } codec)
        {
            return null;
        }

        var (delay, source) = oneWayDelayMilliseconds is { } given ? (given, DelayFromCaller)
            : _roundTripMs is { } roundTrip ? (roundTrip / 2, DelayFromRoundTrip)
            : (_options.DefaultOneWayDelayMilliseconds, DelayFromDefault);
        var lossPercent = Math.Clamp(figures.LossRatio * 100, 0, 100);
        var burstRatio = _burst.BurstRatio;
        var result = EModel.Compute(new EModelInputs(codec, lossPercent, burstRatio, delay));
        return new G107Snapshot(
            R: result.R,
            Mos: result.Mos,
            Ie: codec.Ie,
            Bpl: codec.Bpl,
            PacketLossPercent: lossPercent,
            BurstRatio: burstRatio,
            OneWayDelayMilliseconds: delay,
            DelaySource: source,
            IeEff: result.IeEff,
            Id: result.Id,
            CodecRow: codec.Name,
            Variant: result.Variant);
    }

    private static FreeSwitchSnapshot FreeSwitch(FreeSwitchFigures figures) => new(
        figures.QualityPercentage,
        figures.Mos,
        figures.FlawTotal,
        figures.JitterMinVariance,
        figures.JitterMaxVariance,
        figures.JitterLossRate,
        figures.JitterBurstRate,
        figures.MeanInterval);

    private RemoteRtcpSnapshot SnapshotRemoteRtcp()
    {
        var hasReport = _reports > 0;
        var clockRate = _outboundMediaPayloadType < 0 ? 0 : _clockRates[_outboundMediaPayloadType];
        return new RemoteRtcpSnapshot(
            RtcpPacketsReceived: _rtcpPackets,
            ReportsReceived: _reports,
            LastReportUnixNanos: hasReport ? _lastReportNanos : null,
            FractionLost: hasReport ? _fractionLost / 256.0 : null,
            CumulativeLost: hasReport ? _cumulativeLost : null,
            InterarrivalJitterMilliseconds: hasReport && clockRate > 0 ? _jitterField * 1000.0 / clockRate : null,
            RoundTripMilliseconds: _roundTripMs,
            XrRFactor: _xrRFactor,
            XrMosLq: _xrMosLq,
            XrMosCq: _xrMosCq);
    }

    private CodecSnapshot? Codec(int payloadType)
    {
        if (payloadType < 0)
        {
            return null;
        }

        var clockRate = _clockRates[payloadType];
        int? sampleRate = _families[payloadType] == CodecFamily.G722 ? G722SampleRate : clockRate > 0 ? clockRate : null;
        return new CodecSnapshot(_names[payloadType], payloadType, clockRate > 0 ? clockRate : null, sampleRate);
    }

    private void OnReportBlock(in RtcpReportBlock block, long arrivalUnixNanos)
    {
        if (TryRoundTrip(block, arrivalUnixNanos, out var roundTripMs))
        {
            _roundTripMs = roundTripMs;
        }

        if (!IsAboutOurStream(block.Ssrc))
        {
            return;
        }

        _reports++;
        _lastReportNanos = arrivalUnixNanos;
        _fractionLost = block.FractionLost;
        _cumulativeLost = block.CumulativeLost;
        _jitterField = block.Jitter;
    }

    // Before we have sent anything we cannot tell our stream apart, so any block is taken.
    private bool IsAboutOurStream(uint ssrc) => !_hasOutbound || ssrc == _outboundSsrc;

    // RTT = A − LSR − DLSR, with A and the SR's send time both on our clock, so the sender's NTP clock never matters.
    private bool TryRoundTrip(in RtcpReportBlock block, long arrivalUnixNanos, out double roundTripMs)
    {
        roundTripMs = 0;
        if (block.LastSenderReport == 0)
        {
            return false;
        }

        var remembered = Math.Min(_senderReportsForwarded, ForwardedSenderReports);
        for (var back = 1; back <= remembered; back++)
        {
            var slot = (_senderReportsForwarded - back) % ForwardedSenderReports;
            if (_senderReportNtp[slot] != block.LastSenderReport)
            {
                continue;
            }

            var delaySinceNanos = block.DelaySinceLastSenderReport * NanosPerSecond / 65536;
            var roundTripNanos = arrivalUnixNanos - _senderReportSentNanos[slot] - delaySinceNanos;
            if (roundTripNanos is < 0 or > MaxRoundTripNanos)
            {
                return false;
            }

            roundTripMs = (double)roundTripNanos / NanosPerMillisecond;
            return true;
        }

        return false;
    }
}
