using CallActors.Media.Packets;

namespace CallActors.Media.Quality;

/// <summary>Reproduces TShark 4.0.17's <c>rtp,streams</c> figures for one stream (Wireshark's
/// <c>rtppacket_analyse</c> as <c>reference/media-quality.md</c> §4.3 describes it, quirks included), so our
/// numbers can be checked against tshark; allocation-free per packet, not thread-safe.</summary>
/// <remarks>
/// The 4.0 rules, which differ from RFC 3550 on purpose here:
/// packets are taken in arrival order; a packet is "in time sequence" when its timestamp is at most 2³¹ ahead
/// of the <em>first</em> packet's timestamp (not the previous one's); jitter is RFC 3550's J but in ms, measured
/// against the last in-time packet, with the clock divided by 1000 in integer arithmetic (44100 Hz counts as
/// 44 ticks per ms); a telephone-event packet has clock 0, so it moves the reference arrival time but not the
/// reference timestamp, so the first voice packet after an event is misjudged by about the event's length
/// (§4.3's DTMF spike); min/mean/max are taken over "regular" packets only — not the first, not marker packets,
/// not comfort noise (PT 13 or 19 only, as Wireshark checks), not the packet after comfort noise, not packets
/// with a timestamp before the first — yet the means divide by every packet seen before the current one.
/// Expected and lost follow the 4.0 CLI: the last packet's sequence number, not the highest.
/// </remarks>
public sealed class WiresharkRtpAnalysis
{
    private const long HalfTimestampRange = 0x8000_0000;
    private const int PayloadTypeComfortNoise = PayloadTypes.ComfortNoise;
    private const int OldComfortNoise = 19; // RFC 1890's reserved CN type, which Wireshark also skips

    private bool _started;
    private TimeSpan _origin;
    private ushort _startSeq;
    private ushort _stopSeq;
    private ushort _seqNum;
    private int _seqCycles;
    private bool _under;
    private uint _firstTimestamp;
    private int _previousPayloadType;

    private double _timeMs;
    private double _lastNominalMs;
    private double _deltaMs;
    private double _jitterMs;
    private int _clockRate;

    private long _packets;
    private long _sequenceErrors;
    private long _wrongTimestamps;

    private bool _hasRegular;
    private double _minDelta;
    private double _maxDelta;
    private double _meanDelta;
    private double _regularDeltaSum;
    private long _regularDeltaCount;

    private bool _hasRegularJitter;
    private double _minJitter;
    private double _maxJitter;
    private double _meanJitter;

    /// <summary>Feeds one packet of the stream, in arrival order.</summary>
    /// <param name="sequenceNumber">The RTP sequence number.</param>
    /// <param name="timestamp">The RTP timestamp.</param>
    /// <param name="marker">The RTP marker bit.</param>
    /// <param name="payloadType">The RTP payload type (only 13 and 19 are treated as comfort noise, as Wireshark does).</param>
    /// <param name="kind">What the packet carries; <see cref="PacketKind.Dtmf"/> forces clock 0 (telephone-event).</param>
    /// <param name="clockRate">The clock Wireshark would use for the payload type (its static table for PT &lt; 96, the
    /// SDP rtpmap for dynamic types), Hz; 0 when unknown, and below 1000 Hz also treated as unknown.</param>
    /// <param name="arrival">Arrival (capture) time on any time base shared by the stream's packets.</param>
    public void OnPacket(ushort sequenceNumber, uint timestamp, bool marker, int payloadType, PacketKind kind, int clockRate,
        TimeSpan arrival)
    {
        if (!_started)
        {
            Start(sequenceNumber, timestamp, payloadType, arrival);
            return;
        }

        var nowMs = (arrival - _origin).Ticks / (double)TimeSpan.TicksPerMillisecond;
        var inTimeSequence = IsInTimeSequence(timestamp);
        if (!inTimeSequence)
        {
            _wrongTimestamps++;
        }

        CountSequenceCycles(sequenceNumber, inTimeSequence);
        CheckSequence(sequenceNumber, inTimeSequence);

        var isComfortNoise = payloadType is PayloadTypeComfortNoise or OldComfortNoise;
        var followsComfortNoise = _previousPayloadType is PayloadTypeComfortNoise or OldComfortNoise;
        _previousPayloadType = payloadType;

        // Wireshark converts with clock_rate/1000 in unsigned integer arithmetic.
        var ticksPerMs = kind == PacketKind.Dtmf || clockRate <= 0 ? 0 : clockRate / 1000;
        var currentJitter = 0.0;
        if (inTimeSequence)
        {
            if (ticksPerMs > 0)
            {
                var nominalMs = unchecked(timestamp - _firstTimestamp) / (double)ticksPerMs;
                var expectedMs = _timeMs + (nominalMs - _lastNominalMs);
                var diff = Math.Abs(nowMs - expectedMs);
                currentJitter = ((15 * _jitterMs) + diff) / 16;
                _deltaMs = nowMs - _timeMs;
                _jitterMs = currentJitter;
                _lastNominalMs = nominalMs;
                _clockRate = clockRate;
            }
            else
            {
                _deltaMs = nowMs - _timeMs;
            }
        }

        if (!marker && !isComfortNoise && inTimeSequence && !followsComfortNoise)
        {
            TakeRegular(ticksPerMs > 0, currentJitter);
        }

        if (inTimeSequence)
        {
            _timeMs = nowMs;
        }

        _stopSeq = sequenceNumber;
        _packets++;
    }

    /// <summary>Forgets the stream, as for a new SSRC.</summary>
    public void Reset()
    {
        _started = false;
        _origin = default;
        _startSeq = _stopSeq = _seqNum = 0;
        _seqCycles = 0;
        _under = false;
        _firstTimestamp = 0;
        _previousPayloadType = 0;
        _timeMs = _lastNominalMs = _deltaMs = _jitterMs = 0;
        _clockRate = 0;
        _packets = _sequenceErrors = _wrongTimestamps = 0;
        _hasRegular = _hasRegularJitter = false;
        _minDelta = _maxDelta = _meanDelta = _regularDeltaSum = 0;
        _regularDeltaCount = 0;
        _minJitter = _maxJitter = _meanJitter = 0;
    }

    /// <summary>Returns the current figures without changing any state.</summary>
    public WiresharkFigures GetFigures()
    {
        uint expected = 0;
        var lost = 0;
        if (_started)
        {
            // 4.0's CLI: guint32 expected, gint32 lost.
            expected = unchecked((uint)(_stopSeq + (_seqCycles * 65536) - _startSeq + 1));
            lost = unchecked((int)(expected - (uint)_packets));
        }

        return new WiresharkFigures(
            Packets: _packets,
            Expected: expected,
            Lost: lost,
            SequenceErrors: _sequenceErrors,
            WrongTimestamps: _wrongTimestamps,
            MinDeltaMilliseconds: _hasRegular ? _minDelta : null,
            MeanDeltaMilliseconds: _hasRegular ? _meanDelta : null,
            MaxDeltaMilliseconds: _hasRegular ? _maxDelta : null,
            MinJitterMilliseconds: _hasRegularJitter ? _minJitter : null,
            MeanJitterMilliseconds: _hasRegularJitter ? _meanJitter : null,
            MaxJitterMilliseconds: _hasRegularJitter ? _maxJitter : null,
            MeanRegularDeltaMilliseconds: _regularDeltaCount > 0 ? _regularDeltaSum / _regularDeltaCount : null,
            ClockRate: _clockRate);
    }

    private void Start(ushort sequenceNumber, uint timestamp, int payloadType, TimeSpan arrival)
    {
        _started = true;
        _origin = arrival;
        _startSeq = _stopSeq = _seqNum = sequenceNumber;
        _firstTimestamp = timestamp;
        _previousPayloadType = payloadType;
        _packets = 1;
    }

    // Within 2³¹ ahead of the first packet's timestamp, across the 32-bit wrap too.
    private bool IsInTimeSequence(uint timestamp) =>
        _firstTimestamp <= timestamp
            ? (long)timestamp - _firstTimestamp < HalfTimestampRange
            : (uint.MaxValue - (long)_firstTimestamp) + timestamp < HalfTimestampRange;

    private void CountSequenceCycles(ushort seq, bool inTimeSequence)
    {
        if (!inTimeSequence)
        {
            return;
        }

        if (!_under && (seq < _startSeq || (seq == 0 && _stopSeq == ushort.MaxValue)))
        {
            _seqCycles++;
            _under = true;
        }
        else if (_under && seq > _startSeq)
        {
            _under = false;
        }
    }

    // The four branches of 4.0's check, in int arithmetic as C promotes the 16-bit fields.
    private void CheckSequence(ushort sequenceNumber, bool inTimeSequence)
    {
        int last = _seqNum;
        int seq = sequenceNumber;
        if (inTimeSequence && (last + 1 == seq || (last == ushort.MaxValue && seq == 0)))
        {
            _seqNum = sequenceNumber;
        }
        else if (inTimeSequence && (last + 1 < seq || last - seq > 0xFF00))
        {
            _seqNum = sequenceNumber;
            _sequenceErrors++;
        }
        else if (last + 1 > seq)
        {
            _sequenceErrors++;
        }
    }

    private void TakeRegular(bool hasClock, double currentJitter)
    {
        // _packets still excludes the current packet: it is the number of deltas so far.
        if (!_hasRegular || _deltaMs < _minDelta)
        {
            _minDelta = _deltaMs;
        }

        _hasRegular = true;
        _maxDelta = Math.Max(_maxDelta, _deltaMs);
        _meanDelta = ((_meanDelta * (_packets - 1)) + _deltaMs) / _packets;
        _regularDeltaSum += _deltaMs;
        _regularDeltaCount++;

        if (!hasClock)
        {
            return;
        }

        if (!_hasRegularJitter || _jitterMs < _minJitter)
        {
            _minJitter = _jitterMs;
        }

        _hasRegularJitter = true;
        _maxJitter = Math.Max(_maxJitter, _jitterMs);
        _meanJitter = ((_meanJitter * (_packets - 1)) + currentJitter) / _packets;
    }
}
