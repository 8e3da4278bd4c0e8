namespace CallActors.Media.Packets;

/// <summary>The report blocks of an SR or RR, read on demand from the packet.</summary>
public readonly ref struct RtcpReportBlocks
{
    private readonly ReadOnlySpan<byte> _blocks;

    internal RtcpReportBlocks(ReadOnlySpan<byte> blocks) => _blocks = blocks;

    public int Count => _blocks.Length / RtcpReportBlock.Length;

    public RtcpReportBlock this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return RtcpReportBlock.Read(_blocks[(index * RtcpReportBlock.Length)..]);
        }
    }

    public Enumerator GetEnumerator() => new(this);

    /// <summary>Walks the blocks in order.</summary>
    public ref struct Enumerator
    {
        private readonly RtcpReportBlocks _blocks;
        private int _index;

        internal Enumerator(RtcpReportBlocks blocks)
        {
            _blocks = blocks;
            _index = -1;
        }

        public readonly RtcpReportBlock Current => _blocks[_index];

        public bool MoveNext() => ++_index < _blocks.Count;
    }
}
