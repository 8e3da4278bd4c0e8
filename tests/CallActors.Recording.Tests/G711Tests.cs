namespace CallActors.Recording.Tests;

public sealed class G711Tests
{
    // Golden values from CPython's audioop (ulaw2lin/alaw2lin, lin2ulaw/lin2alaw), an implementation independent of
    // ours; they agree with the G.711 segment tables (µ-law 0x00 = -32124, A-law 0xAA = +32256).
    [Theory]
    [InlineData(0xFF, 0)]
    [InlineData(0x7F, 0)]
    [InlineData(0x00, -32124)]
    [InlineData(0x80, 32124)]
    [InlineData(0x0F, -16764)]
    [InlineData(0x10, -15996)]
    [InlineData(0x1F, -8316)]
    [InlineData(0x2F, -4092)]
    [InlineData(0x3F, -1980)]
    [InlineData(0x4F, -924)]
    [InlineData(0x5F, -396)]
    [InlineData(0x6F, -132)]
    [InlineData(0x70, -120)]
    [InlineData(0x7E, -8)]
    [InlineData(0x8F, 16764)]
    [InlineData(0xCF, 924)]
    [InlineData(0xEF, 132)]
    [InlineData(0xFE, 8)]
    public void Mu_law_code_decodes_to_the_itu_value(int code, int expected) =>
        Assert.Equal(expected, G711.DecodeMuLaw((byte)code));

    [Theory]
    [InlineData(0xD5, 8)]
    [InlineData(0x55, -8)]
    [InlineData(0xAA, 32256)]
    [InlineData(0x2A, -32256)]
    [InlineData(0x00, -5504)]
    [InlineData(0x80, 5504)]
    [InlineData(0x54, -24)]
    [InlineData(0xD4, 24)]
    [InlineData(0x5A, -248)]
    [InlineData(0x65, -1056)]
    [InlineData(0xE5, 1056)]
    [InlineData(0x75, -528)]
    [InlineData(0xF5, 528)]
    [InlineData(0x7F, -848)]
    [InlineData(0xFF, 848)]
    public void A_law_code_decodes_to_the_itu_value(int code, int expected) =>
        Assert.Equal(expected, G711.DecodeALaw((byte)code));

    [Theory]
    [InlineData(0, 0xFF, 0xD5)]
    [InlineData(1, 0xFF, 0xD5)]
    [InlineData(-1, 0x7E, 0x55)]
    [InlineData(8, 0xFE, 0xD5)]
    [InlineData(100, 0xF2, 0xD3)]
    [InlineData(-100, 0x72, 0x53)]
    [InlineData(1000, 0xCE, 0xFA)]
    [InlineData(-1000, 0x4E, 0x7A)]
    [InlineData(-5000, 0x2B, 0x06)]
    [InlineData(8031, 0xA0, 0x8A)]
    [InlineData(-8032, 0x20, 0x0A)]
    [InlineData(16000, 0x90, 0xBA)]
    [InlineData(32124, 0x80, 0xAA)]
    [InlineData(32767, 0x80, 0xAA)]
    [InlineData(-32768, 0x00, 0x2A)]
    public void Sample_encodes_to_the_reference_code(int sample, int muLaw, int aLaw)
    {
        Assert.Equal(muLaw, G711.EncodeMuLaw((short)sample));
        Assert.Equal(aLaw, G711.EncodeALaw((short)sample));
    }

    [Fact]
    public void Every_code_survives_decode_then_encode()
    {
        for (var code = 0; code < 256; code++)
        {
            // 0x7F is µ-law's negative zero; zero encodes as the positive one.
            Assert.Equal(code == 0x7F ? 0xFF : code, G711.EncodeMuLaw(G711.DecodeMuLaw((byte)code)));
            Assert.Equal(code, G711.EncodeALaw(G711.DecodeALaw((byte)code)));
        }
    }

    [Fact]
    public void Mu_law_round_trip_error_stays_within_half_a_step_of_its_segment()
    {
        for (int sample = short.MinValue; sample <= short.MaxValue; sample++)
        {
            var decoded = G711.DecodeMuLaw(G711.EncodeMuLaw((short)sample));
            if (Math.Abs(sample) > 32635)
            {
                // Beyond the clip level every sample becomes the loudest code.
                Assert.Equal(Math.Sign(sample) * 32124, decoded);
                continue;
            }

            // The step is (|x| + 132) / 16 at most; the reference's arithmetic shift adds up to 4 on negatives.
            var error = Math.Abs(sample - decoded);
            Assert.True(32 * error <= Math.Abs(sample) + 132 + 128, $"µ-law {sample} came back as {decoded}");
        }
    }

    [Fact]
    public void A_law_round_trip_error_stays_within_half_a_step_of_its_segment()
    {
        for (int sample = short.MinValue; sample <= short.MaxValue; sample++)
        {
            var decoded = G711.DecodeALaw(G711.EncodeALaw((short)sample));
            // The two lowest segments step by 16 (half: 8); above, the step is |x| / 16 at most.
            var error = Math.Abs(sample - decoded);
            Assert.True(32 * error <= Math.Max(256, Math.Abs(sample)), $"A-law {sample} came back as {decoded}");
        }
    }

    [Theory]
    [InlineData(AudioCodec.Pcmu)]
    [InlineData(AudioCodec.Pcma)]
    public void Decode_maps_a_payload_code_by_code(AudioCodec codec)
    {
        byte[] payload = [0x00, 0x55, 0x80, 0xD5, 0xFF];
        var pcm = new short[payload.Length + 1];

        G711.Decode(codec, payload, pcm);

        Func<byte, short> decodeOne = codec == AudioCodec.Pcmu ? G711.DecodeMuLaw : G711.DecodeALaw;
        Assert.Equal([.. payload.Select(decodeOne), 0], pcm);
    }

    [Fact]
    public void Decode_refuses_a_destination_shorter_than_the_payload() =>
        Assert.Throws<ArgumentException>(() => G711.Decode(AudioCodec.Pcmu, new byte[160], new short[159]));

    [Theory]
    [InlineData("PCMU", AudioCodec.Pcmu)]
    [InlineData("pcmu", AudioCodec.Pcmu)]
    [InlineData("PCMA", AudioCodec.Pcma)]
    [InlineData("PcmA", AudioCodec.Pcma)]
    [InlineData("G729", null)]
    [InlineData("telephone-event", null)]
    [InlineData("", null)]
    public void Encoding_name_maps_to_its_codec(string name, AudioCodec? expected) =>
        Assert.Equal(expected, G711.FromEncodingName(name));
}
