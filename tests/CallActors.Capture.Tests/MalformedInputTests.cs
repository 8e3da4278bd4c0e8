namespace CallActors.Capture.Tests;

/// <summary>Whatever the bytes, the reader either rejects the file header or reads to an end: it never throws mid-file or hangs.</summary>
public sealed class MalformedInputTests
{
    private static readonly byte[] Packet = Frames.Ip("rtp"u8);

    [Fact]
    public void An_empty_stream_or_an_unknown_magic_is_a_format_error_naming_what_it_found()
    {
        Assert.Throws<PcapFormatException>(() => new PcapReader(new MemoryStream()));
        var error = Assert.Throws<PcapFormatException>(() => new PcapReader(new MemoryStream("GIF89a..."u8.ToArray())));
        Assert.Contains("0x38464947", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cut_short_or_inconsistent_file_headers_are_format_errors()
    {
        var classic = PcapBuilder.Classic(bigEndian: false, nanoseconds: false, PcapLinkType.Raw).ToArray();
        var pcapng = PcapBuilder.PcapNg(bigEndian: true).ToArray();
        var badByteOrder = (byte[])pcapng.Clone();
        badByteOrder[8] ^= 0xFF;
        var badVersion = (byte[])classic.Clone();
        badVersion[4] = 9;

        Assert.Throws<PcapFormatException>(() => new PcapReader(new MemoryStream(classic[..10])));
        Assert.Throws<PcapFormatException>(() => new PcapReader(new MemoryStream(pcapng[..6])));
        Assert.Throws<PcapFormatException>(() => new PcapReader(new MemoryStream(pcapng[..14])));
        Assert.Contains("byte-order magic", Assert.Throws<PcapFormatException>(() => new PcapReader(new MemoryStream(badByteOrder))).Message, StringComparison.Ordinal);
        Assert.Contains("version 9", Assert.Throws<PcapFormatException>(() => new PcapReader(new MemoryStream(badVersion))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("capture_refer_notify.pcap")]
    [InlineData("refer_notify.pcapng")]
    public void A_file_cut_anywhere_yields_the_datagrams_before_the_cut_and_says_where_it_ended(string file)
    {
        var bytes = Fixtures.Bytes(file);
        // The pcap file header, or the whole pcapng section header block.
        var headerLength = file.EndsWith(".pcapng", StringComparison.Ordinal) ? BitConverter.ToInt32(bytes, 4) : 24;
        var previous = 0;
        for (var length = 0; length <= bytes.Length; length++)
        {
            PcapReader reader;
            try
            {
                reader = new PcapReader(new MemoryStream(bytes, 0, length));
            }
            catch (PcapFormatException)
            {
                Assert.True(length < headerLength, $"a {length}-byte prefix was rejected as a bad header");
                continue;
            }

            using (reader)
            {
                var count = reader.ReadDatagrams().Count();
                Assert.InRange(count, previous, 12);
                previous = count;
                if (reader.Error is not null)
                {
                    Assert.Contains("ends inside", reader.Error, StringComparison.Ordinal);
                }
            }
        }

        Assert.Equal(12, previous);
    }

    [Fact]
    public void A_huge_captured_length_stops_the_reading_without_allocating_it()
    {
        var builder = PcapBuilder.Classic(bigEndian: false, nanoseconds: false, PcapLinkType.Raw).Record(1, 0, Packet);
        var corrupt = builder.U32(2).U32(0).U32(0xFFFF_FF00).U32(0xFFFF_FF00).Raw(Packet).ToArray();
        // Under the limit, but more than the file holds.
        var tooLong = PcapBuilder.Classic(bigEndian: false, nanoseconds: false, PcapLinkType.Raw)
            .Record(1, 0, Packet).U32(2).U32(0).U32(250_000).U32(250_000).Raw(Packet).ToArray();

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        using var reader = new PcapReader(new MemoryStream(corrupt));
        Assert.Single(reader.ReadDatagrams());
        Assert.Contains("corrupt", reader.Error, StringComparison.Ordinal);
        using var shortReader = new PcapReader(new MemoryStream(tooLong));
        Assert.Single(shortReader.ReadDatagrams());
        Assert.Contains("ends inside", shortReader.Error, StringComparison.Ordinal);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - allocated, 0, 200_000);
    }

    [Fact]
    public void A_pcapng_block_with_an_impossible_length_stops_the_reading()
    {
        var bytes = PcapBuilder.PcapNg(bigEndian: false)
            .Interface(PcapLinkType.Raw)
            .Enhanced(0, 0, Packet)
            .U32(6).U32(0xFFFF_FFF0).Raw(new byte[64])
            .ToArray();

        using var reader = new PcapReader(new MemoryStream(bytes));

        Assert.Single(reader.ReadDatagrams());
        Assert.Contains("corrupt", reader.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PcapLinkType.Ethernet)]
    [InlineData(PcapLinkType.Raw)]
    [InlineData(PcapLinkType.Null)]
    [InlineData(PcapLinkType.LinuxSll)]
    [InlineData(PcapLinkType.LinuxSll2)]
    public void Random_bytes_inside_records_are_counted_never_thrown(PcapLinkType linkType)
    {
        var random = new Random(4733);
        var builder = PcapBuilder.Classic(bigEndian: false, nanoseconds: false, linkType);
        for (var i = 0; i < 2_000; i++)
        {
            var frame = new byte[random.Next(0, 120)];
            random.NextBytes(frame);
            // Often a plausible start, so that the garbage reaches the IP and UDP decoders.
            if (frame.Length > 24 && random.Next(2) == 0)
            {
                frame[0] = 0x45;
                frame[9] = 17;
            }

            builder.Record(1, 0, frame, random.Next(0, 4) == 0 ? frame.Length + 10 : frame.Length);
        }

        using var reader = builder.Reader();
        var datagrams = reader.ReadDatagrams().ToList();

        Assert.Null(reader.Error);
        AssertEveryRecordAccountedFor(reader.Statistics);
        Assert.Equal(2_000, reader.Statistics.Records);
        Assert.All(datagrams, d => Assert.InRange(d.Payload.Length, 0, 120));
    }

    [Theory]
    [InlineData("capture_refer_notify.pcap", true)]
    [InlineData("refer_notify.pcapng", true)]
    [InlineData("lo.pcapng", true)]
    [InlineData("any_sll2.pcapng", false)]
    public void Random_byte_flips_never_crash_the_reader(string file, bool seekable)
    {
        var original = Fixtures.Bytes(file);
        var random = new Random(20_260_101);
        var outcomes = new Dictionary<string, int>();
        for (var iteration = 0; iteration < 1_500; iteration++)
        {
            var bytes = (byte[])original.Clone();
            var flips = random.Next(1, 16);
            for (var i = 0; i < flips; i++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            var length = random.Next(4) == 0 ? random.Next(bytes.Length) : bytes.Length;
            Stream stream = new MemoryStream(bytes, 0, length);
            if (!seekable)
            {
                stream = new ForwardOnlyStream(stream);
            }

            string outcome;
            try
            {
                using var reader = new PcapReader(stream);
                var count = reader.ReadDatagrams().Count();
                Assert.InRange(count, 0, original.Length / 28);
                AssertEveryRecordAccountedFor(reader.Statistics);
                outcome = reader.Error is null ? "read to the end" : "stopped with an error";
            }
            catch (PcapFormatException)
            {
                outcome = "bad file header";
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        // The flips must have reached the records, not only the header.
        Assert.True(outcomes.GetValueOrDefault("read to the end") > 100, string.Join(", ", outcomes));
    }

    private static void AssertEveryRecordAccountedFor(PcapStatistics s) =>
        Assert.Equal(s.Records, s.Datagrams + s.NotUdp + s.Fragments + s.Truncated + s.Malformed + s.UnsupportedLinkType);

    /// <summary>A stream that cannot seek or report its length, like a pipe from dumpcap.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 7));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
