using System.Buffers.Binary;
using CallActors.Media.Packets;

namespace CallActors.Interop.Tests.Media;

/// <summary>
/// Builds the send schedule of one RTP stream from a <see cref="RtpStreamProfile"/> and a seed, and the ground truth a
/// receiver should find in it. The same profile and seed always give the same bytes and times.
/// </summary>
internal static class RtpStreamGenerator
{
    private const byte PcmuSilence = 0xFF;
    private const int EndPacketsPerEvent = 3;

    public static GeneratedRtpStream Generate(RtpStreamProfile profile, int seed)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var count = profile.PacketCount;
        var designed = Validate(profile);
        var random = new Random(seed);
        var samplesPerPacket = (uint)(profile.ClockRate * profile.PacketTime.Ticks / TimeSpan.TicksPerSecond);

        // Bases are drawn first, then two draws per slot whatever the slot's fate, so that changing one impairment
        // does not reshuffle every other random choice.
        var first = new SourceBase(
            profile.Ssrc ?? NextSsrc(random, except: 0),
            profile.StartSequence ?? (ushort)random.Next(65_536),
            profile.StartTimestamp ?? (uint)random.NextInt64(1L << 32),
            FirstSlot: 0);
        var second = profile.SsrcChangeIndex is { } change
            ? new SourceBase(NextSsrc(random, except: first.Ssrc), (ushort)random.Next(65_536), (uint)random.NextInt64(1L << 32), change)
            : null;

        var dropped = new bool[count];
        var sendAt = new TimeSpan[count];
        var randomlyDropped = 0;
        for (var slot = 0; slot < count; slot++)
        {
            var lossDraw = random.NextDouble();
            var jitterDraw = random.NextDouble();
            if (lossDraw < profile.LossProbability && !designed.Contains(slot))
            {
                dropped[slot] = true;
                randomlyDropped++;
            }

            sendAt[slot] = (profile.PacketTime * slot) + (profile.MaxSendJitter * jitterDraw);
        }

        foreach (var burst in profile.BurstLosses)
        {
            Array.Fill(dropped, true, burst.Index, burst.Length);
        }

        // Send order: slot order with each swapped pair exchanged; position k keeps slot k's send time.
        var order = Enumerable.Range(0, count).ToArray();
        foreach (var i in profile.ReorderSwaps)
        {
            (order[i], order[i + 1]) = (order[i + 1], order[i]);
        }

        var duplicates = profile.Duplicates.ToHashSet();
        var schedule = new List<ScheduledRtpPacket>(count + duplicates.Count);
        var previous = TimeSpan.Zero;
        for (var position = 0; position < count; position++)
        {
            var slot = order[position];
            if (dropped[slot])
            {
                continue;
            }

            // Jitter delays a packet but never lets it overtake the one before.
            var offset = sendAt[position] < previous ? previous : sendAt[position];
            previous = offset;
            var source = second is not null && slot >= second.FirstSlot ? second : first;
            var packet = Build(profile, source, slot, samplesPerPacket, offset);
            schedule.Add(packet);
            if (duplicates.Contains(slot))
            {
                schedule.Add(packet with { IsDuplicate = true });
            }
        }

        SourceBase[] sources = second is null ? [first] : [first, second];
        var truths = sources.Select(s => Truth(s, schedule, dropped, second?.FirstSlot ?? count, profile.TelephoneEventPayloadType)).ToList();
        return new GeneratedRtpStream(schedule, truths, randomlyDropped);
    }

    private static ScheduledRtpPacket Build(RtpStreamProfile profile, SourceBase source, int slot, uint samplesPerPacket, TimeSpan offset)
    {
        var index = slot - source.FirstSlot;
        var sequence = (ushort)(source.Sequence + index);
        var timestamp = source.Timestamp + ((uint)index * samplesPerPacket);
        var dtmf = profile.DtmfEvents.FirstOrDefault(e => slot >= e.Index && slot < e.Index + e.Packets);
        if (dtmf.Packets > 0)
        {
            // Every packet of an event carries the event's start time; the duration grows until the end packets.
            var position = slot - dtmf.Index;
            var end = position >= dtmf.Packets - EndPacketsPerEvent;
            var duration = (uint)(end ? dtmf.Packets - EndPacketsPerEvent + 1 : position + 1) * samplesPerPacket;
            var eventHeader = new RtpHeader(
                profile.TelephoneEventPayloadType,
                sequence,
                source.Timestamp + ((uint)(dtmf.Index - source.FirstSlot) * samplesPerPacket),
                source.Ssrc)
            {
                Marker = position == 0,
            };
            Span<byte> payload = stackalloc byte[TelephoneEvent.Length];
            payload[0] = dtmf.Event;
            payload[1] = (byte)((end ? 0x80 : 0) | (dtmf.Volume & 0x3F));
            BinaryPrimitives.WriteUInt16BigEndian(payload[2..], (ushort)duration);
            return Packet(eventHeader, payload, offset, slot);
        }

        // The marker opens a talkspurt: the first packet of a source, and the first voice after an event.
        var header = new RtpHeader(profile.PayloadType, sequence, timestamp, source.Ssrc)
        {
            Marker = slot == source.FirstSlot || profile.DtmfEvents.Any(e => e.Index + e.Packets == slot),
        };
        var voice = new byte[profile.PayloadLength];
        Array.Fill(voice, PcmuSilence);
        return Packet(header, voice, offset, slot);
    }

    private static ScheduledRtpPacket Packet(RtpHeader header, ReadOnlySpan<byte> payload, TimeSpan offset, int slot)
    {
        var bytes = new byte[RtpPacketWriter.GetLength(header, payload.Length)];
        RtpPacketWriter.Write(bytes, header, payload);
        return new ScheduledRtpPacket(offset, bytes, slot, header.Ssrc, header.SequenceNumber, header.PayloadType, IsDuplicate: false);
    }

    private static RtpSourceTruth Truth(SourceBase source, List<ScheduledRtpPacket> schedule, bool[] dropped, int changeSlot, byte eventPayloadType)
    {
        var lastSlot = source.FirstSlot == 0 ? changeSlot : dropped.Length;
        var sent = schedule.Where(p => p.Ssrc == source.Ssrc).ToList();
        if (sent.Count == 0)
        {
            return new RtpSourceTruth(source.Ssrc, 0, 0, 0, 0, 0, lastSlot - source.FirstSlot, 0, 0);
        }

        // Slots stand for extended sequence numbers: slot − FirstSlot is the distance from the source's base.
        var firstSent = sent[0].Slot;
        var expected = sent.Max(p => p.Slot) - firstSent + 1;
        var expectedToLast = sent[^1].Slot - firstSent + 1;
        return new RtpSourceTruth(
            source.Ssrc,
            sent[0].SequenceNumber,
            sent.Count,
            expected,
            expected - sent.Count,
            expectedToLast - sent.Count,
            dropped.Skip(source.FirstSlot).Take(lastSlot - source.FirstSlot).Count(d => d),
            sent.Count(p => p.IsDuplicate),
            sent.Count(p => p.PayloadType == eventPayloadType));
    }

    private static uint NextSsrc(Random random, uint except)
    {
        uint ssrc;
        do
        {
            ssrc = (uint)random.NextInt64(1, 1L << 32);
        }
        while (ssrc == except);
        return ssrc;
    }

    // Returns the slots designed events use, which random loss leaves alone.
    private static HashSet<int> Validate(RtpStreamProfile profile)
    {
        var count = profile.PacketCount;
        Require(count > 0, "PacketCount must be positive.");
        Require(profile.PacketTime > TimeSpan.Zero, "PacketTime must be positive.");
        Require(profile.LossProbability is >= 0 and < 1, "LossProbability must be in [0, 1).");
        Require(profile.MaxSendJitter >= TimeSpan.Zero, "MaxSendJitter cannot be negative.");
        Require(profile.SsrcChangeIndex is not { } change || (change > 0 && change < count), "SsrcChangeIndex must fall inside the stream, after slot 0.");

        var designed = new HashSet<int>();
        foreach (var i in profile.ReorderSwaps)
        {
            Require(i >= 0 && i + 1 < count, $"Swap {i} needs slots {i} and {i + 1}.");
            Require(designed.Add(i) && designed.Add(i + 1), $"Swap {i} overlaps another swap.");
        }

        foreach (var i in profile.Duplicates)
        {
            Require(i >= 0 && i < count, $"Duplicate {i} is outside the stream.");
            designed.Add(i);
        }

        var samplesPerPacket = profile.ClockRate * profile.PacketTime.Ticks / TimeSpan.TicksPerSecond;
        var dtmfSlots = new HashSet<int>();
        foreach (var e in profile.DtmfEvents)
        {
            Require(e.Packets >= EndPacketsPerEvent && e.Index >= 0 && e.Index + e.Packets <= count, $"DTMF event at {e.Index} needs {EndPacketsPerEvent}+ packets inside the stream.");
            Require((e.Packets - EndPacketsPerEvent + 1) * samplesPerPacket <= ushort.MaxValue, $"DTMF event at {e.Index} is too long for one segment.");
            Require(
                profile.SsrcChangeIndex is not { } at || e.Index >= at || e.Index + e.Packets <= at,
                $"DTMF event at {e.Index} straddles the SSRC change.");
            for (var slot = e.Index; slot < e.Index + e.Packets; slot++)
            {
                Require(dtmfSlots.Add(slot), $"DTMF event at {e.Index} overlaps another event.");
                designed.Add(slot);
            }
        }

        foreach (var burst in profile.BurstLosses)
        {
            Require(burst.Length > 0 && burst.Index >= 0 && burst.Index + burst.Length <= count, $"Burst {burst} is outside the stream.");
            for (var slot = burst.Index; slot < burst.Index + burst.Length; slot++)
            {
                Require(!designed.Contains(slot), $"Burst {burst} drops slot {slot}, which a swap, duplicate or DTMF event uses.");
            }
        }

        return designed;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }

    private sealed record SourceBase(uint Ssrc, ushort Sequence, uint Timestamp, int FirstSlot);
}
