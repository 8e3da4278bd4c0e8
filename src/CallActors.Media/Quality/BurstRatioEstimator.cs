namespace CallActors.Media.Quality;

/// <summary>Estimates ITU-T G.107/G.113 BurstR from the observed loss pattern with a two-state Markov model
/// (<c>reference/media-quality.md</c> §3.2); allocation-free per packet, not thread-safe.</summary>
/// <remarks>
/// p = P(lost | previous received), q = P(received | previous lost), BurstR = 1/(p + q): 1 for random
/// (Bernoulli) loss, above 1 when losses cluster. Fed per expected packet in sequence order, either directly
/// (<see cref="Record"/>) or from arriving sequence numbers (<see cref="OnPacket"/>), where a gap is a run of
/// losses. Unlike VoIPmonitor there is no "at least 5 lost" threshold.
/// </remarks>
public sealed class BurstRatioEstimator
{
    private const int SequenceModulus = 1 << 16;

    private bool _hasHighest;
    private ushort _highest;

    private bool _hasPrevious;
    private bool _previousReceived;
    private long _receivedThenReceived;
    private long _receivedThenLost;
    private long _lostThenReceived;
    private long _lostThenLost;
    private long _received;
    private long _lost;
    private long _bursts;

    /// <summary>Expected packets recorded as received.</summary>
    public long Received => _received;

    /// <summary>Expected packets recorded as lost.</summary>
    public long Lost => _lost;

    /// <summary>Runs of consecutive losses.</summary>
    public long Bursts => _bursts;

    /// <summary>p: the probability that a packet is lost when the one before it arrived; null until a received
    /// packet has a successor.</summary>
    public double? LossAfterReceivedProbability =>
        _receivedThenReceived + _receivedThenLost == 0
            ? null
            : (double)_receivedThenLost / (_receivedThenReceived + _receivedThenLost);

    /// <summary>q: the probability that a packet arrives when the one before it was lost; null until a lost
    /// packet has a successor.</summary>
    public double? ReceivedAfterLossProbability =>
        _lostThenReceived + _lostThenLost == 0
            ? null
            : (double)_lostThenReceived / (_lostThenReceived + _lostThenLost);

    /// <summary>BurstR = 1/(p + q), at least 1 (the G.107 domain); 1 when nothing was lost or p or q is undefined.</summary>
    /// <remarks>Loss that alternates more than chance (p + q &gt; 1) also reads 1.</remarks>
    public double BurstRatio
    {
        get
        {
            if (LossAfterReceivedProbability is not { } p || ReceivedAfterLossProbability is not { } q || p + q <= 0)
            {
                return 1;
            }

            return Math.Max(1, 1 / (p + q));
        }
    }

    /// <summary>Records the outcome of the next expected packet in sequence order.</summary>
    public void Record(bool received)
    {
        if (received)
        {
            _received++;
        }
        else
        {
            _lost++;
            if (!_hasPrevious || _previousReceived)
            {
                _bursts++;
            }
        }

        if (_hasPrevious)
        {
            if (_previousReceived)
            {
                if (received)
                {
                    _receivedThenReceived++;
                }
                else
                {
                    _receivedThenLost++;
                }
            }
            else if (received)
            {
                _lostThenReceived++;
            }
            else
            {
                _lostThenLost++;
            }
        }

        _hasPrevious = true;
        _previousReceived = received;
    }

    /// <summary>Feeds the sequence number of an arriving packet: the packets skipped since the highest sequence
    /// number so far are recorded as lost, then this one as received. Duplicates and late packets are ignored
    /// (their loss stays recorded); a jump of <see cref="Rfc3550StreamStatistics.MaxDropout"/> or more restarts
    /// the pattern at this packet, as a sender restart is not loss.</summary>
    public void OnPacket(ushort sequenceNumber)
    {
        if (!_hasHighest)
        {
            _hasHighest = true;
            _highest = sequenceNumber;
            Record(received: true);
            return;
        }

        var ahead = (ushort)(sequenceNumber - _highest);
        if (ahead == 0 || ahead > SequenceModulus / 2)
        {
            return;
        }

        _highest = sequenceNumber;
        if (ahead >= Rfc3550StreamStatistics.MaxDropout)
        {
            _hasPrevious = false;
            Record(received: true);
            return;
        }

        for (var missing = 1; missing < ahead; missing++)
        {
            Record(received: false);
        }

        Record(received: true);
    }

    /// <summary>Forgets everything, as for a new SSRC.</summary>
    public void Reset()
    {
        _hasHighest = false;
        _highest = 0;
        _hasPrevious = false;
        _previousReceived = false;
        _receivedThenReceived = _receivedThenLost = _lostThenReceived = _lostThenLost = 0;
        _received = _lost = _bursts = 0;
    }
}
