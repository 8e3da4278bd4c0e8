using System.Buffers;
using System.Collections.ObjectModel;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using CallActors.Media.Packets;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace CallActors.Recording;

/// <summary>Live capture of one recording: two channels (0 = caller, 1 = callee), 8 kHz 16-bit, into a capture folder.</summary>
/// <remarks>
/// <see cref="Write"/> runs on the media relay's thread, so it only parses the header and queues a pooled copy of
/// the payload; one background writer decodes and writes each packet at its place on the timeline
/// (<see cref="ChannelTimeline"/>) with a positional write, which leaves gaps as zeros, puts reordered packets in
/// place and lets a duplicate overwrite its own samples.
/// </remarks>
public sealed partial class RecordingCapture : IAsyncDisposable
{
    internal const int DefaultQueueCapacity = 4096;

    private const long NanosecondsPerSample = 1_000_000_000 / CaptureFolder.SampleRate;

    private static readonly AudioCodec?[] StaticPayloadTypes = BuildPayloadTypeTable(ReadOnlyDictionary<byte, AudioCodec>.Empty);

    private readonly string _directory;
    private readonly long _startUnixNanos;
    private readonly long _limitSamples;
    private readonly ILogger _logger;
    private readonly SafeFileHandle[] _files;
    private readonly AudioCodec?[][] _payloadTypes = [StaticPayloadTypes, StaticPayloadTypes];
    private readonly bool[][] _eventPayloadTypes = [new bool[128], new bool[128]];
    private readonly ChannelTimeline[] _timelines = [new(), new()];
    private readonly Channel<QueuedPacket> _queue;
    private readonly Task _writer;
    private readonly Lock _completionLock = new();
    private Task<CapturedAudio>? _completion;
    private volatile bool _accepting = true;
    private IOException? _writeFailure;
    private long _droppedPackets;
    private long _undecodablePackets;
    private long _eventPackets;

    private RecordingCapture(string directory, long startUnixNanos, long limitSamples, ILogger logger, SafeFileHandle[] files, int queueCapacity)
    {
        _directory = directory;
        _startUnixNanos = startUnixNanos;
        _limitSamples = limitSamples;
        _logger = logger;
        _files = files;
        _queue = Channel.CreateBounded<QueuedPacket>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = Task.Run(WriteQueuedPacketsAsync);
    }

    /// <summary>Packets lost because the writer fell more than the queue's capacity behind.</summary>
    public long DroppedPackets => Interlocked.Read(ref _droppedPackets);

    /// <summary>Packets that are not RTP or whose payload type is not G.711 (comfort noise is ignored, not counted; the
    /// announced telephone-event types are counted in <see cref="EventPackets"/>).</summary>
    public long UndecodablePackets => Interlocked.Read(ref _undecodablePackets);

    /// <summary>RFC 4733 telephone-event packets (DTMF) of the announced types: not audio, left out of the recording.</summary>
    public long EventPackets => Interlocked.Read(ref _eventPackets);

    /// <summary>
    /// Creates <paramref name="captureDirectory"/>, writes <c>capture.json</c> and opens <c>caller.pcm</c> and
    /// <c>callee.pcm</c>; audio placed at or after <paramref name="timeLimit"/> is dropped.
    /// </summary>
    /// <exception cref="IOException">The folder already holds a capture, or the files cannot be created.</exception>
    public static RecordingCapture Start(string captureDirectory, long startUnixNanos, TimeSpan timeLimit, ILogger logger) =>
        Start(captureDirectory, startUnixNanos, timeLimit, logger, DefaultQueueCapacity);

    internal static RecordingCapture Start(string captureDirectory, long startUnixNanos, TimeSpan timeLimit, ILogger logger, int queueCapacity)
    {
        ArgumentException.ThrowIfNullOrEmpty(captureDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeLimit, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(logger);

        Directory.CreateDirectory(captureDirectory);
        CaptureFolder.WriteManifest(captureDirectory, startUnixNanos);
        var files = new SafeFileHandle[CaptureFolder.ChannelCount];
        for (var channel = 0; channel < files.Length; channel++)
        {
            files[channel] = File.OpenHandle(CaptureFolder.GetChannelPath(captureDirectory, channel), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        }

        var limitSamples = timeLimit.Ticks / (TimeSpan.TicksPerSecond / CaptureFolder.SampleRate);
        LogStarted(logger, captureDirectory, timeLimit.TotalSeconds);
        return new RecordingCapture(captureDirectory, startUnixNanos, limitSamples, logger, files, queueCapacity);
    }

    /// <summary>Tells the capture which dynamic payload types carry G.711 on a channel, and which carry telephone events
    /// (DTMF: counted, not decoded); replaces what it was told before.</summary>
    /// <remarks>The static types 0 (PCMU) and 8 (PCMA) are known unless the map says otherwise.</remarks>
    public void SetPayloadTypes(int channel, IReadOnlyDictionary<byte, AudioCodec> payloadTypes, IEnumerable<byte>? eventPayloadTypes = null)
    {
        ValidateChannel(channel);
        ArgumentNullException.ThrowIfNull(payloadTypes);
        var events = new bool[128];
        foreach (var payloadType in eventPayloadTypes ?? [])
        {
            if (payloadType < events.Length)
            {
                events[payloadType] = true;
            }
        }
        Volatile.Write(ref _eventPayloadTypes[channel], events);
        Volatile.Write(ref _payloadTypes[channel], BuildPayloadTypeTable(payloadTypes));
    }

    /// <summary>Queues one relayed RTP packet; never blocks and does no I/O (a full queue drops and counts the packet).</summary>
    /// <remarks>Ignored once <see cref="CompleteAsync"/> has been called.</remarks>
    public void Write(int channel, ReadOnlySpan<byte> rtpPacket, long arrivalUnixNanos)
    {
        ValidateChannel(channel);
        if (!_accepting)
        {
            return;
        }

        if (!RtpPacket.TryParse(rtpPacket, out var rtp, out _))
        {
            Interlocked.Increment(ref _undecodablePackets);
            return;
        }

        if (rtp.PayloadType == PayloadTypes.ComfortNoise || rtp.Payload.IsEmpty)
        {
            return;
        }

        if (Volatile.Read(ref _payloadTypes[channel])[rtp.PayloadType] is not { } codec)
        {
            Interlocked.Increment(ref Volatile.Read(ref _eventPayloadTypes[channel])[rtp.PayloadType] ? ref _eventPackets : ref _undecodablePackets);
            return;
        }

        var payload = ArrayPool<byte>.Shared.Rent(rtp.Payload.Length);
        rtp.Payload.CopyTo(payload);
        var packet = new QueuedPacket(channel, arrivalUnixNanos, codec, rtp.Ssrc, rtp.Timestamp, payload, rtp.Payload.Length);
        if (!_queue.Writer.TryWrite(packet))
        {
            ArrayPool<byte>.Shared.Return(payload);
            if (_accepting)
            {
                Interlocked.Increment(ref _droppedPackets);
            }
        }
    }

    /// <summary>
    /// Stops accepting packets, writes what is queued, pads (or cuts) both channels to the time from start to
    /// <paramref name="stopUnixNanos"/> (at most the time limit) and closes the files. Later calls return the same task.
    /// </summary>
    /// <exception cref="IOException">A channel file could not be written.</exception>
    public Task<CapturedAudio> CompleteAsync(long stopUnixNanos)
    {
        lock (_completionLock)
        {
            return _completion ??= CompleteCoreAsync(stopUnixNanos);
        }
    }

    /// <summary>
    /// Reads back a capture whose process stopped before <see cref="CompleteAsync"/>: pads the shorter channel to the
    /// longer and returns what the files hold.
    /// </summary>
    /// <exception cref="InvalidDataException">The folder's <c>capture.json</c> is not a capture manifest.</exception>
    public static CapturedAudio Recover(string captureDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(captureDirectory);
        var sampleRate = CaptureFolder.ReadSampleRate(captureDirectory);
        var files = new SafeFileHandle[CaptureFolder.ChannelCount];
        try
        {
            var samples = 0L;
            for (var channel = 0; channel < files.Length; channel++)
            {
                files[channel] = File.OpenHandle(CaptureFolder.GetChannelPath(captureDirectory, channel), FileMode.OpenOrCreate, FileAccess.ReadWrite);
                samples = Math.Max(samples, RandomAccess.GetLength(files[channel]) / CaptureFolder.BytesPerSample);
            }

            SetLengths(files, samples);
            return new CapturedAudio(captureDirectory, sampleRate, samples);
        }
        finally
        {
            foreach (var file in files)
            {
                file?.Dispose();
            }
        }
    }

    /// <summary>Stops accepting packets, writes what is queued and closes the files, leaving them for <see cref="Recover"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        Task<CapturedAudio>? completion;
        lock (_completionLock)
        {
            completion = _completion;
        }

        StopAccepting();
        await _writer.ConfigureAwait(false);
        if (completion is not null)
        {
            try
            {
                await completion.ConfigureAwait(false);
            }
            catch (IOException)
            {
                // CompleteAsync's caller has the exception; disposal only has to release the files.
            }
        }

        foreach (var file in _files)
        {
            file.Dispose();
        }
    }

    private async Task<CapturedAudio> CompleteCoreAsync(long stopUnixNanos)
    {
        StopAccepting();
        await _writer.ConfigureAwait(false);
        try
        {
            if (_writeFailure is not null)
            {
                throw new IOException($"Recording capture {_directory} could not be written: {_writeFailure.Message}", _writeFailure);
            }

            var samples = Math.Clamp(SamplesSince(stopUnixNanos), 0, _limitSamples);
            SetLengths(_files, samples);
            var audio = new CapturedAudio(_directory, CaptureFolder.SampleRate, samples);
            LogCompleted(_logger, _directory, audio.DurationSeconds, DroppedPackets, UndecodablePackets, EventPackets);
            return audio;
        }
        finally
        {
            foreach (var file in _files)
            {
                file.Dispose();
            }
        }
    }

    private void StopAccepting()
    {
        _accepting = false;
        _queue.Writer.TryComplete();
    }

    private async Task WriteQueuedPacketsAsync()
    {
        var pcm = new short[1024];
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_queue.Reader.TryRead(out var packet))
            {
                try
                {
                    if (_writeFailure is null)
                    {
                        if (pcm.Length < packet.PayloadLength)
                        {
                            pcm = new short[packet.PayloadLength];
                        }

                        WritePacket(packet, pcm);
                    }
                }
                catch (IOException e)
                {
                    // Nothing more can be recorded; keep draining so the pooled buffers go back.
                    _writeFailure = e;
                    StopAccepting();
                    LogWriteFailed(_logger, e, _directory);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(packet.Payload);
                }
            }
        }
    }

    private void WritePacket(in QueuedPacket packet, short[] pcm)
    {
        var arrival = SamplesSince(packet.ArrivalUnixNanos);
        var placement = _timelines[packet.Channel].Place(packet.Ssrc, packet.Timestamp, arrival);
        switch (placement.Anchoring)
        {
            case TimelineAnchoring.NewSource:
                LogSourceAnchored(_logger, _directory, packet.Channel, packet.Ssrc, (double)arrival / CaptureFolder.SampleRate);
                break;
            case TimelineAnchoring.Reanchored:
                LogSourceReanchored(_logger, _directory, packet.Channel, packet.Ssrc, (double)placement.Drift / CaptureFolder.SampleRate);
                break;
        }

        var position = placement.Position;
        if (position < 0 || position >= _limitSamples)
        {
            return;
        }

        var samples = pcm.AsSpan(0, (int)Math.Min(packet.PayloadLength, _limitSamples - position));
        G711.Decode(packet.Codec, packet.Payload.AsSpan(0, samples.Length), samples);
        // s16le: every platform .NET runs on is little-endian.
        RandomAccess.Write(_files[packet.Channel], MemoryMarshal.AsBytes(samples), position * CaptureFolder.BytesPerSample);
    }

    /// <summary>The time from the recording's start to <paramref name="unixNanos"/> in whole samples, rounded half away from zero.</summary>
    private long SamplesSince(long unixNanos)
    {
        var samples = Math.DivRem(unixNanos - _startUnixNanos, NanosecondsPerSample, out var remainder);
        return 2 * Math.Abs(remainder) >= NanosecondsPerSample ? samples + Math.Sign(remainder) : samples;
    }

    private static void SetLengths(SafeFileHandle[] files, long samples)
    {
        foreach (var file in files)
        {
            RandomAccess.SetLength(file, samples * CaptureFolder.BytesPerSample);
        }
    }

    private static void ValidateChannel(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, CaptureFolder.ChannelCount);
    }

    private static AudioCodec?[] BuildPayloadTypeTable(IReadOnlyDictionary<byte, AudioCodec> dynamicTypes)
    {
        var table = new AudioCodec?[128];
        table[PayloadTypes.Pcmu] = AudioCodec.Pcmu;
        table[PayloadTypes.Pcma] = AudioCodec.Pcma;
        foreach (var (payloadType, codec) in dynamicTypes)
        {
            if (payloadType < table.Length)
            {
                table[payloadType] = codec;
            }
        }

        return table;
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Debug, Message = "Recording {Directory}: capture started, limit {LimitSeconds} s")]
    private static partial void LogStarted(ILogger logger, string directory, double limitSeconds);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Debug, Message = "Recording {Directory}: channel {Channel} SSRC {Ssrc} starts at {Seconds} s")]
    private static partial void LogSourceAnchored(ILogger logger, string directory, int channel, uint ssrc, double seconds);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Information, Message = "Recording {Directory}: channel {Channel} SSRC {Ssrc} timestamp strayed {DriftSeconds} s from its arrival; placed by arrival from here on")]
    private static partial void LogSourceReanchored(ILogger logger, string directory, int channel, uint ssrc, double driftSeconds);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Error, Message = "Recording {Directory}: writing the capture failed; the rest of the call is not recorded")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string directory);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Information, Message = "Recording {Directory}: captured {Seconds} s ({Dropped} packets dropped, {Undecodable} undecodable, {Events} telephone-event)")]
    private static partial void LogCompleted(ILogger logger, string directory, double seconds, long dropped, long undecodable, long events);

    /// <summary>A packet on its way from the relay's thread to the writer; <see cref="Payload"/> is rented from the shared pool.</summary>
    private readonly record struct QueuedPacket(int Channel, long ArrivalUnixNanos, AudioCodec Codec, uint Ssrc, uint Timestamp, byte[] Payload, int PayloadLength);
}
