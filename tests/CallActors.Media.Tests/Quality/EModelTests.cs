using CallActors.Media.Quality;

namespace CallActors.Media.Tests.Quality;

// Golden values: reference/media-quality.md §6.1 (vectors E1–E8), tolerance 1e-3 on R and 5e-4 on MOS.
public sealed class EModelTests
{
    private const double RTolerance = 1e-3;
    private const double MosTolerance = 5e-4;

    public static TheoryData<string, string, double, double, double, double, double, double, double> G107Vectors => new()
    {
        // id, codec, Ppl %, BurstR, Ta ms, Ie_eff, Id, R, MOS
        { "E1", "G711Plc", 0, 1, 0, 0, 0, 93.2000, 4.4093 },
        { "E2", "G711Plc", 1, 1, 0, 3.6398, 0, 89.5602, 4.3281 },
        { "E3", "G711Plc", 2, 2, 0, 7.2797, 0, 85.9203, 4.2267 },
        { "E4", "G729A", 1, 1, 0, 15.2000, 0, 78.0000, 3.9462 },
        { "E5", "G711NoPlc", 1, 1, 0, 17.9245, 0, 75.2755, 3.8337 },
        { "E6", "G711Plc", 0, 1, 200, 0, 3.0444, 90.1556, 4.3428 },
        { "E7", "G711Plc", 3, 1.5, 150, 10.5166, 0.1635, 82.5199, 4.1156 },
        { "E8", "G729A", 5, 1, 300, 28.5000, 14.7607, 49.9393, 2.5718 },
    };

    [Theory]
    [MemberData(nameof(G107Vectors))]
    public void Vector_matches_the_reference_table(string id, string codec, double ppl, double burstR, double ta,
        double ieEff, double idG107, double r, double mos)
    {
        var result = EModel.Compute(new EModelInputs(Codec(codec), ppl, burstR, ta));

        Assert.True(Math.Abs(result.IeEff - ieEff) <= RTolerance, $"{id}: Ie_eff {result.IeEff} vs {ieEff}");
        Assert.True(Math.Abs(result.Id - idG107) <= RTolerance, $"{id}: Id {result.Id} vs {idG107}");
        Assert.True(Math.Abs(result.R - r) <= RTolerance, $"{id}: R {result.R} vs {r}");
        Assert.True(Math.Abs(result.Mos - mos) <= MosTolerance, $"{id}: MOS {result.Mos} vs {mos}");
        Assert.Equal(DelayImpairmentModel.G107, result.DelayModel);
    }

    public static TheoryData<string, string, double, double, double, double, double> ColeVectors => new()
    {
        // id, codec, Ppl %, BurstR, Ta ms, R (Cole Id), MOS (Cole Id); E1–E5 have Ta 0 and are "same"
        { "E1", "G711Plc", 0, 1, 0, 93.2000, 4.4093 },
        { "E5", "G711NoPlc", 1, 1, 0, 75.2755, 3.8337 },
        { "E6", "G711Plc", 0, 1, 200, 85.9030, 4.2262 },
        { "E7", "G711Plc", 3, 1.5, 150, 79.0834, 3.9889 },
        { "E8", "G729A", 5, 1, 300, 44.0030, 2.2642 },
    };

    [Theory]
    [MemberData(nameof(ColeVectors))]
    public void Cole_Rosenbluth_delay_matches_the_reference_table(string id, string codec, double ppl, double burstR,
        double ta, double r, double mos)
    {
        var result = EModel.Compute(new EModelInputs(Codec(codec), ppl, burstR, ta, DelayModel: DelayImpairmentModel.ColeRosenbluth));

        Assert.True(Math.Abs(result.R - r) <= RTolerance, $"{id}: R {result.R} vs {r}");
        Assert.True(Math.Abs(result.Mos - mos) <= MosTolerance, $"{id}: MOS {result.Mos} vs {mos}");
    }

    [Theory]
    // §3.1 spot values and §2.6 (the same cubic on FreeSWITCH's integer R).
    [InlineData(93.2, 4.4093)]
    [InlineData(90, 4.339)]
    [InlineData(80, 4.024)]
    [InlineData(70, 3.597)]
    [InlineData(60, 3.100)]
    [InlineData(50, 2.575)]
    [InlineData(-5, 1.0)]
    [InlineData(120, 4.5)]
    public void Mos_from_R_follows_the_G107_conversion_and_its_clamps(double r, double mos)
    {
        Assert.True(Math.Abs(EModel.MosFromR(r) - mos) <= MosTolerance, $"MOS({r}) = {EModel.MosFromR(r)}, expected {mos}");
    }

    [Fact]
    public void Wideband_codecs_are_rated_as_G711_with_PLC_and_say_so()
    {
        var opus = CodecImpairment.FindByEncodingName("opus");
        Assert.NotNull(opus);

        var result = EModel.Compute(new EModelInputs(opus, PacketLossPercent: 1));

        Assert.True(Math.Abs(result.R - 89.5602) <= RTolerance); // same as E2
        Assert.Equal(EModel.WidebandMappedVariant, result.Variant);
        Assert.Equal("g107", EModelResult.Model);
    }

    [Theory]
    [InlineData("PCMU", 0, 25.1)]
    [InlineData("PCMA", 0, 25.1)]
    [InlineData("G729", 11, 19.0)]
    [InlineData("G722", 0, 25.1)]
    [InlineData("G723", 15, 16.1)]
    public void Codec_table_follows_the_reference_rows(string encodingName, double ie, double bpl)
    {
        var codec = CodecImpairment.FindByEncodingName(encodingName);

        Assert.NotNull(codec);
        Assert.Equal(ie, codec.Ie);
        Assert.Equal(bpl, codec.Bpl);
    }

    [Fact]
    public void Unknown_codec_has_no_row()
    {
        Assert.Null(CodecImpairment.FindByEncodingName("telephone-event"));
    }

    [Theory]
    [InlineData(-1, 1, 0)]
    [InlineData(101, 1, 0)]
    [InlineData(1, 0.5, 0)]
    [InlineData(1, 1, -10)]
    [InlineData(double.NaN, 1, 0)]
    public void Inputs_outside_G107_ranges_are_refused(double ppl, double burstR, double ta)
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => EModel.Compute(new EModelInputs(CodecImpairment.G711WithPlc, ppl, burstR, ta)));
    }

    private static CodecImpairment Codec(string name) => name switch
    {
        "G711Plc" => CodecImpairment.G711WithPlc,
        "G711NoPlc" => CodecImpairment.G711WithoutPlc,
        "G729A" => CodecImpairment.G729AWithVad,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
