using Xunit;
using static CallActors.Hocon.Tests.TestHocon;

namespace CallActors.Hocon.Tests;

public sealed class SizeTests
{
    public static TheoryData<string, long> Sizes => new()
    {
        { "512", 512 },
        { "512B", 512 },
        { "1 byte", 1 },
        { "3 bytes", 3 },
        { "1kB", 1_000 },
        { "2 kilobytes", 2_000 },
        { "10MB", 10_000_000 },
        { "1GB", 1_000_000_000 },
        { "1 TB", 1_000_000_000_000 },
        { "1K", 1_024 },
        { "1k", 1_024 },
        { "1Ki", 1_024 },
        { "64KiB", 65_536 },
        { "1 kibibyte", 1_024 },
        { "10M", 10_485_760 },
        { "10m", 10_485_760 },
        { "10MiB", 10_485_760 },
        { "2 mebibytes", 2_097_152 },
        { "2 GiB", 2_147_483_648 },
        { "1g", 1_073_741_824 },
        { "1TiB", 1_099_511_627_776 },
        { "1 PiB", 1_125_899_906_842_624 },
        { "1EiB", 1_152_921_504_606_846_976 },
        { "1.5KiB", 1_536 },
        { "0.5k", 512 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Sizes_parse_with_the_spec_units(string text, long bytes) =>
        Assert.Equal(bytes, HoconSize.Parse(text));

    [Theory]
    [InlineData("10KB", "'10KB' is not a size in bytes: unknown unit 'KB' (use B, kB/MB/GB… for powers of 1000 or K/Ki/KiB, M/Mi/MiB… for powers of 1024)")]
    [InlineData("10 mb", "'10 mb' is not a size in bytes: unknown unit 'mb' (use B, kB/MB/GB… for powers of 1000 or K/Ki/KiB, M/Mi/MiB… for powers of 1024)")]
    [InlineData("-1K", "'-1K' is not a size in bytes: sizes cannot be negative")]
    [InlineData("16EiB", "'16EiB' is out of range for a size in bytes")]
    [InlineData("1 YB", "'1 YB' is out of range for a size in bytes")]
    [InlineData("MiB", "'MiB' is not a size in bytes: it has no number")]
    public void Invalid_sizes_are_format_errors_that_say_why(string text, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => HoconSize.Parse(text)).Message);

    [Fact]
    public void GetBytes_reads_strings_and_bare_numbers_as_bytes()
    {
        var root = Parse("capture { buffer = 64KiB, snaplen = 65535 }");

        Assert.Equal(65_536, root.GetBytes("capture.buffer"));
        Assert.Equal(65_535, root.GetBytes("capture.snaplen"));
    }

    [Fact]
    public void GetBytes_on_a_bad_value_names_the_path_and_its_origin() =>
        Assert.Equal(
            "test.conf:1:10: 'buffer' must be a size in bytes: '-1K' is not a size in bytes: sizes cannot be negative",
            Assert.Throws<HoconException>(() => Parse("buffer = -1K").GetBytes("buffer")).Message);
}
