using System.Runtime.InteropServices;

namespace CallActors.Recording;

/// <summary>
/// Reads a capture's two channel files block by block as the PCM a recording holds: s16le, interleaved caller/callee
/// for stereo, their saturating sum for mono; exactly <see cref="CapturedAudio.Samples"/> frames, so a channel file
/// that came up short reads as silence.
/// </summary>
internal sealed class CapturePcmReader : IDisposable
{
    public const int FramesPerBlock = 8192;

    private readonly FileStream[] _channels;
    private readonly RecordingLayout _layout;
    private readonly byte[][] _blocks = [new byte[FramesPerBlock * CaptureFolder.BytesPerSample], new byte[FramesPerBlock * CaptureFolder.BytesPerSample]];
    private long _remainingFrames;

    public CapturePcmReader(CapturedAudio audio, RecordingLayout layout)
    {
        _layout = layout;
        _remainingFrames = audio.Samples;
        _channels = new FileStream[CaptureFolder.ChannelCount];
        try
        {
            for (var channel = 0; channel < _channels.Length; channel++)
            {
                _channels[channel] = new FileStream(
                    CaptureFolder.GetChannelPath(audio.Directory, channel),
                    new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.Asynchronous | FileOptions.SequentialScan });
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public RecordingLayout Layout => _layout;

    public int Channels => _layout == RecordingLayout.Stereo ? 2 : 1;

    /// <summary>The bytes <see cref="ReadAsync"/> fills at most.</summary>
    public int BlockBytes => FramesPerBlock * Channels * CaptureFolder.BytesPerSample;

    /// <summary>Fills <paramref name="destination"/> (<see cref="BlockBytes"/> long) with the next block; 0 at the end.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var frames = (int)Math.Min(_remainingFrames, FramesPerBlock);
        if (frames == 0)
        {
            return 0;
        }

        var bytes = frames * CaptureFolder.BytesPerSample;
        for (var channel = 0; channel < _channels.Length; channel++)
        {
            var read = await _channels[channel].ReadAtLeastAsync(_blocks[channel].AsMemory(0, bytes), bytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            _blocks[channel].AsSpan(read, bytes - read).Clear();
        }

        _remainingFrames -= frames;
        Combine(MemoryMarshal.Cast<byte, short>(_blocks[0].AsSpan(0, bytes)), MemoryMarshal.Cast<byte, short>(_blocks[1].AsSpan(0, bytes)), MemoryMarshal.Cast<byte, short>(destination.Span));
        return bytes * Channels;
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel?.Dispose();
        }
    }

    private void Combine(ReadOnlySpan<short> caller, ReadOnlySpan<short> callee, Span<short> output)
    {
        if (_layout == RecordingLayout.Stereo)
        {
            for (var i = 0; i < caller.Length; i++)
            {
                output[2 * i] = caller[i];
                output[(2 * i) + 1] = callee[i];
            }

            return;
        }

        for (var i = 0; i < caller.Length; i++)
        {
            output[i] = (short)Math.Clamp(caller[i] + callee[i], short.MinValue, short.MaxValue);
        }
    }
}
