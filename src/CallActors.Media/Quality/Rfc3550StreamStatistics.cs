namespace CallActors.Media.Quality;

/// <summary>RFC 3550 receiver statistics for one direction of one leg: A.1 sequence validation, A.3 loss
/// and A.8 interarrival jitter for the current SSRC; allocation-free per packet, not thread-safe.</summary>
/// <remarks>
/// Choices where the RFC leaves room (see also <c>reference/media-quality.md</c> §1):
/// jitter is updated in arrival order for every packet the validator does not reject for a large jump,
/// probation packets included (they are real arrivals of this source); DTMF packets are kept out of the
/// jitter update and out of the transit reference, because their timestamp is the event start;
/// the transit reference restarts when the validator resynchronises after a sender restart, or when the
/// clock rate changes.
/// </remarks>
public sealed class Rfc3550StreamStatistics
{
    /// <summary>Consecutive in-order packets needed before a new source is believed (A.1).</summary>
    public const int MinSequential = 2;

    /// <summary>The largest forward jump still treated as loss rather than a restart (A.1).</summary>
    public const int MaxDropout = 3000;

    /// <summary>How far behind the highest sequence a packet may be and still count as late (A.1).</summary>
    public const int MaxMisorder = 100;

    private const int SequenceModulus = 1 << 16;
    private const int CumulativeLostMax = 0x7FFFFF;
    private const int CumulativeLostMin = -0x800000;

    // Bit i set = sequence (maxSeq - i) was received; 128 bits cover MaxMisorder.
    private const int HistoryBits = 128;

    private readonly bool _requireProbation;

    private bool _hasSource;
    private uint _ssrc;
    private int _ssrcChanges;

    private ushort _maxSeq;
    private uint _cycles;
    private uint _baseSeq;
    private uint _badSeq;
    private int _probation;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private long _duplicates;
    private long _reordered;
    private long _rejected;
    private UInt128 _history;

    private bool _hasTransit;
    private TimeSpan _lastArrival;
    private uint _lastTimestamp;
    private int _clockRate;
    private double _jitter;
    private double _maxJitterMs;

    /// <summary>Creates the statistics for one stream.</summary>
    /// <param name="requireProbation">When true (the RFC default) a new source must send
    /// <see cref="MinSequential"/> in-order packets before it is counted, so its first packet is neither
    /// expected nor received; when false the first packet starts the count (VoIPmonitor's
    /// <c>disable_rtp_seq_probation</c>).</param>
    public Rfc3550StreamStatistics(bool requireProbation = true)
    {
        _requireProbation = requireProbation;
    }

    /// <summary>The source currently tracked (meaningful once a packet has been seen).</summary>
    public uint Ssrc => _ssrc;

    /// <summary>Feeds one received RTP packet, in arrival order.</summary>
    /// <param name="ssrc">The packet's SSRC; a different SSRC from the current one restarts the statistics.</param>
    /// <param name="sequenceNumber">The RTP sequence number.</param>
    /// <param name="rtpTimestamp">The RTP timestamp.</param>
    /// <param name="arrival">Arrival time on any monotonic time base shared by all packets of this stream.</param>
    /// <param name="clockRate">The RTP clock of the packet's payload type in Hz; 0 or less when unknown (no jitter).</param>
    /// <param name="kind">What the packet carries; DTMF packets are counted for loss but kept out of jitter.</param>
    public void OnPacket(uint ssrc, ushort sequenceNumber, uint rtpTimestamp, TimeSpan arrival, int clockRate,
        PacketKind kind = PacketKind.Media)
    {
        if (!_hasSource || ssrc != _ssrc)
        {
            StartSource(ssrc, sequenceNumber);
        }

        var outcome = UpdateSequence(sequenceNumber);
        if (outcome == SequenceOutcome.Rejected)
        {
            _rejected++;
            return;
        }

        if (outcome == SequenceOutcome.Resynchronised)
        {
            _hasTransit = false;
        }

        if (kind != PacketKind.Dtmf)
        {
            UpdateJitter(rtpTimestamp, arrival, clockRate);
        }
    }

    /// <summary>Closes the current report interval and returns its A.3 figures (expected/received/lost/fraction).</summary>
    public Rfc3550IntervalReport CloseReportInterval()
    {
        var expected = Expected;
        var expectedInterval = expected - _expectedPrior;
        var receivedInterval = _received - _receivedPrior;
        var lostInterval = expectedInterval - receivedInterval;
        _expectedPrior = expected;
        _receivedPrior = _received;
        var fraction = expectedInterval == 0 || lostInterval <= 0
            ? (byte)0
            : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        return new Rfc3550IntervalReport(expectedInterval, receivedInterval, lostInterval, fraction);
    }

    /// <summary>Returns the current figures without changing any state.</summary>
    public Rfc3550Figures GetFigures()
    {
        var expected = Expected;
        var lost = expected - _received;
        var jitterMs = _clockRate > 0 ? _jitter * 1000.0 / _clockRate : 0.0;
        return new Rfc3550Figures(
            Ssrc: _ssrc,
            SsrcChanges: _ssrcChanges,
            Received: _received,
            Expected: expected,
            Lost: lost,
            CumulativeLostField: (int)Math.Clamp(lost, CumulativeLostMin, CumulativeLostMax),
            ExtendedHighestSequence: ExtendedMax,
            Duplicates: _duplicates,
            Reordered: _reordered,
            Rejected: _rejected,
            JitterTimestampUnits: _jitter,
            JitterField: (uint)_jitter,
            JitterMilliseconds: jitterMs,
            MaxJitterMilliseconds: _maxJitterMs,
            ClockRate: _clockRate);
    }

    private uint ExtendedMax => _cycles + _maxSeq;

    // While in probation nothing is counted yet, so nothing is expected either.
    private long Expected => _probation > 0 ? 0 : (long)ExtendedMax - _baseSeq + 1;

    private void StartSource(uint ssrc, ushort sequenceNumber)
    {
        if (_hasSource)
        {
            _ssrcChanges++;
        }

        _hasSource = true;
        _ssrc = ssrc;
        InitSequence(sequenceNumber);
        _maxSeq = (ushort)(sequenceNumber - 1);
        _probation = _requireProbation ? MinSequential : 0;
        if (!_requireProbation)
        {
            _baseSeq = sequenceNumber;
        }

        _expectedPrior = 0;
        _receivedPrior = 0;
        _duplicates = 0;
        _reordered = 0;
        _rejected = 0;
        _hasTransit = false;
        _clockRate = 0;
        _jitter = 0;
        _maxJitterMs = 0;
    }

    // A.1 init_seq.
    private void InitSequence(ushort sequenceNumber)
    {
        _baseSeq = sequenceNumber;
        _maxSeq = sequenceNumber;
        _badSeq = SequenceModulus + 1; // so seq == bad_seq is false
        _cycles = 0;
        _received = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
        _history = 0;
    }

    // A.1 update_seq, plus the duplicate/late bookkeeping the RFC leaves to the implementation.
    private SequenceOutcome UpdateSequence(ushort seq)
    {
        var udelta = (ushort)(seq - _maxSeq);

        if (_probation > 0)
        {
            if (seq == (ushort)(_maxSeq + 1))
            {
                _probation--;
                _maxSeq = seq;
                if (_probation == 0)
                {
                    InitSequence(seq);
                    Accept();
                    return SequenceOutcome.Counted;
                }
            }
            else
            {
                _probation = MinSequential - 1;
                _maxSeq = seq;
            }

            return SequenceOutcome.Rejected;
        }

        if (udelta < MaxDropout)
        {
            if (udelta == 0)
            {
                _duplicates++;
                _received++;
                return SequenceOutcome.Counted;
            }

            if (seq < _maxSeq)
            {
                _cycles += SequenceModulus;
            }

            _maxSeq = seq;
            _history = udelta >= HistoryBits ? 0 : _history << udelta;
            Accept();
            return SequenceOutcome.Counted;
        }

        if (udelta <= SequenceModulus - MaxMisorder)
        {
            if (seq == _badSeq)
            {
                // Two sequential packets after a large jump: the sender restarted.
                InitSequence(seq);
                Accept();
                return SequenceOutcome.Resynchronised;
            }

            _badSeq = (uint)((seq + 1) & (SequenceModulus - 1));
            return SequenceOutcome.Rejected;
        }

        // Duplicate or late packet within MaxMisorder behind the highest sequence.
        var behind = SequenceModulus - udelta;
        var bit = UInt128.One << behind;
        if ((_history & bit) != 0)
        {
            _duplicates++;
        }
        else
        {
            _reordered++;
            _history |= bit;
        }

        _received++;
        return SequenceOutcome.Counted;
    }

    private void Accept()
    {
        _history |= UInt128.One;
        _received++;
    }

    // A.8, in arrival order; D is computed from differences so long-running streams keep precision.
    private void UpdateJitter(uint rtpTimestamp, TimeSpan arrival, int clockRate)
    {
        if (clockRate <= 0)
        {
            return;
        }

        if (_hasTransit && clockRate == _clockRate)
        {
            var arrivalUnits = (arrival - _lastArrival).Ticks * (double)clockRate / TimeSpan.TicksPerSecond;
            var timestampUnits = (double)unchecked((int)(rtpTimestamp - _lastTimestamp));
            var d = Math.Abs(arrivalUnits - timestampUnits);
            _jitter += (d - _jitter) / 16.0;
            _maxJitterMs = Math.Max(_maxJitterMs, _jitter * 1000.0 / clockRate);
        }

        _hasTransit = true;
        _clockRate = clockRate;
        _lastArrival = arrival;
        _lastTimestamp = rtpTimestamp;
    }

    private enum SequenceOutcome
    {
        Counted,
        Resynchronised,
        Rejected,
    }
}
