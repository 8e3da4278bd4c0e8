namespace CallActors.Media.Quality;

/// <summary>Reproduces FreeSWITCH's <c>rtp_audio_in_*</c> quality values (<c>check_jitter</c>, <c>do_mos</c>,
/// <c>burstr_calculate</c> in switch_rtp.c) as <c>reference/media-quality.md</c> §2 specifies them, quirks
/// included (no sequence wrap or reorder handling); allocation-free per packet, not thread-safe.</summary>
public sealed class FreeSwitchQuality
{
    /// <summary>Calls after a reset that only record the time (FreeSWITCH JITTER_LEAD_FRAMES).</summary>
    public const int JitterLeadFrames = 10;

    private const int LostBurstCapture = 1024;
    private const int LostBurstAnalyze = 500;
    private const long StatCheckIntervalMs = 5000;

    private readonly long[] _loss = new long[LostBurstCapture];

    private readonly Counts _in = new();
    private readonly Counts _out = new();

    private int _jitterLead;
    private bool _hasLastTime;
    private long _lastTimeMs;
    private int _lastSeq;
    private long _nextStatCheckMs;

    private long _recved;
    private long _flaws;
    private long _lastFlaw;
    private int _consecutiveFlaws;
    private int _lastLoss;
    private int _quality = 100;

    private long _jitterN;
    private long _jitterSum;
    private long _jitterSumSquares;
    private double _meanInterval;
    private double _minVariance;
    private double _maxVariance;
    private double _lossRate;
    private double _burstRate;

    private long _emptyTicks;

    /// <summary>Feeds one packet read from the socket, in read order.</summary>
    /// <param name="kind">Media, DTMF (negotiated telephone-event PT) or comfort noise (PT 13 or the negotiated CN PT).</param>
    /// <param name="rtpPacketBytes">The RTP packet size including its 12-byte header (not UDP/IP).</param>
    /// <param name="sequenceNumber">The RTP sequence number.</param>
    /// <param name="readTimeMs">The wall-clock read time in whole milliseconds (FreeSWITCH's time base).</param>
    public void OnInboundPacket(PacketKind kind, int rtpPacketBytes, ushort sequenceNumber, long readTimeMs)
    {
        _in.Add(kind, rtpPacketBytes);
        _emptyTicks = 0;
        switch (kind)
        {
            case PacketKind.Media:
                CheckJitter(sequenceNumber, readTimeMs);
                break;
            case PacketKind.Dtmf:
                // check_jitter resets its sampling while a digit is in progress.
                ResetJitterSampling();
                break;
            case PacketKind.ComfortNoise:
            default:
                break;
        }
    }

    /// <summary>Counts one packet written towards the peer.</summary>
    public void OnOutboundPacket(PacketKind kind, int rtpPacketBytes) => _out.Add(kind, rtpPacketBytes);

    /// <summary>FreeSWITCH <c>reset_jitter_seq</c>: what a pause, a DTMF in progress or a media reset does.</summary>
    public void ResetJitterSampling()
    {
        _hasLastTime = false;
        _lastSeq = 0;
        _jitterLead = 0;
        _consecutiveFlaws = 0;
        _lastFlaw = 0;
    }

    /// <summary>A read-timer tick with no packet: after more than two seconds of them (once past the lead-in)
    /// each further tick is a "timeout" flaw.</summary>
    /// <param name="packetsPerSecond">The codec's packet rate (50 for 20 ms packets).</param>
    public void OnTimerTickWithoutPacket(int packetsPerSecond)
    {
        _emptyTicks++;
        if (_jitterLead > JitterLeadFrames && _emptyTicks > 2L * packetsPerSecond)
        {
            _flaws++;
            DoMos(force: false);
        }
    }

    /// <summary>Packets dropped by FreeSWITCH's timer resync (auto-flush): each one is a flaw.</summary>
    public void OnResyncSkipped(int packets)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(packets);
        _flaws += packets;
    }

    /// <summary>What <c>switch_rtp_sync_stats</c> does before the values are exported: recompute loss/burst
    /// rates and run the MOS update once more, forced.</summary>
    public void SyncStatistics()
    {
        CalculateBurstRate();
        DoMos(force: true);
    }

    /// <summary>What <see cref="GetFigures"/> would return after <see cref="SyncStatistics"/>, without changing this
    /// instance, so a live view can be taken as often as wanted without adding streak penalties.</summary>
    public FreeSwitchFigures GetSyncedFigures()
    {
        // A shallow copy is enough: syncing writes only scalar fields; the loss histogram and counters are only read.
        var copy = (FreeSwitchQuality)MemberwiseClone();
        copy.SyncStatistics();
        return copy.GetFigures();
    }

    /// <summary>Returns the current values without changing any state (call <see cref="SyncStatistics"/> first
    /// to get what FreeSWITCH would export at hangup).</summary>
    public FreeSwitchFigures GetFigures() => new(
        QualityPercentage: _quality,
        Mos: EModel.MosFromR(_quality),
        FlawTotal: _flaws,
        SampledPackets: _recved,
        JitterMinVariance: _minVariance,
        JitterMaxVariance: _maxVariance,
        JitterLossRate: _lossRate,
        JitterBurstRate: _burstRate,
        MeanInterval: _meanInterval,
        Inbound: _in.ToRecord(),
        Outbound: _out.ToRecord());

    private void CheckJitter(ushort sequenceNumber, long nowMs)
    {
        if (_jitterLead < int.MaxValue)
        {
            _jitterLead++;
        }

        if (_jitterLead < JitterLeadFrames || !_hasLastTime)
        {
            _hasLastTime = true;
            _lastTimeMs = nowMs;
            return;
        }

        var diff = Math.Abs(nowMs - _lastTimeMs);
        int seq = sequenceNumber;
        _recved++;

        // No wrap or reorder handling, exactly as FreeSWITCH: seq 0 disables the check for one packet.
        if (_lastSeq > 0 && seq > _lastSeq + 1)
        {
            var lost = seq - _lastSeq - 1;
            _lastLoss++;
            if (_lastLoss < LostBurstCapture)
            {
                _loss[_lastLoss] += lost;
            }

            _flaws += lost;
        }
        else
        {
            _lastLoss = 0;
        }

        _lastSeq = seq;

        if (nowMs > _nextStatCheckMs)
        {
            _nextStatCheckMs = nowMs + StatCheckIntervalMs;
            CalculateBurstRate();
            DoMos(force: true);
        }
        else
        {
            DoMos(force: false);
        }

        _jitterN++;
        _jitterSum += diff;
        // Deviation from the running mean, truncated to an integer; 0 while there is no mean yet.
        var deviation = _meanInterval != 0 ? (long)(diff - _meanInterval) : 0;
        _jitterSumSquares += deviation * deviation;
        _lastTimeMs = nowMs;

        _meanInterval = (double)_jitterSum / _jitterN;
        var variance = (double)_jitterSumSquares / _jitterN;
        if (variance < _minVariance || _minVariance == 0)
        {
            _minVariance = variance;
        }

        if (variance > _maxVariance)
        {
            _maxVariance = variance;
        }
    }

    // §2.5 as the reference specifies it: the first call that sees new flaws starts a streak without
    // penalty; each further call in the streak adds the streak length (2, 3, …) and records last_flaw.
    private void DoMos(bool force)
    {
        if (_recved < _flaws)
        {
            _flaws = 0;
        }

        if (_recved > 0 && _flaws != 0 && (force || _lastFlaw != _flaws))
        {
            _consecutiveFlaws++;
            if (_consecutiveFlaws > 1)
            {
                _flaws += _consecutiveFlaws;
                _lastFlaw = _flaws;
            }

            var r = (int)((double)(_recved - _flaws) / _recved * 100.0);
            _quality = r is < 0 or > 100 ? 100 : r;
        }
        else
        {
            _consecutiveFlaws = 0;
        }
    }

    private void CalculateBurstRate()
    {
        long lost = 0;
        long bursts = 0;
        for (var i = 0; i < LostBurstAnalyze; i++)
        {
            lost += i * _loss[i];
            bursts += _loss[i];
        }

        _burstRate = _recved > 0 && bursts > 0
            ? Math.Abs((double)lost / bursts * (1.0 - ((double)lost / _recved)))
            : 0;
        _lossRate = _recved > 0 ? (double)lost / _recved : 0;
    }

    private sealed class Counts
    {
        private long _rawBytes;
        private long _mediaBytes;
        private long _packets;
        private long _mediaPackets;
        private long _dtmfPackets;
        private long _cngPackets;

        public void Add(PacketKind kind, int rtpPacketBytes)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(rtpPacketBytes);
            _rawBytes += rtpPacketBytes;
            _packets++;
            switch (kind)
            {
                case PacketKind.Dtmf:
                    _dtmfPackets++;
                    break;
                case PacketKind.ComfortNoise:
                    _cngPackets++;
                    break;
                case PacketKind.Media:
                default:
                    _mediaPackets++;
                    _mediaBytes += rtpPacketBytes;
                    break;
            }
        }

        public FreeSwitchPacketCounts ToRecord() =>
            new(_rawBytes, _mediaBytes, _packets, _mediaPackets, _dtmfPackets, _cngPackets);
    }
}
