namespace CallActors.Recording.Tests;

public sealed class RecordingFormatNamesTests
{
    [Theory]
    [InlineData(RecordingFormat.Wav, "wav")]
    [InlineData(RecordingFormat.Mp3, "mp3")]
    public void Format_has_a_wire_name_that_parses_back(RecordingFormat format, string wireName)
    {
        Assert.Equal(wireName, format.ToWireName());
        Assert.True(RecordingFormatNames.TryParse(wireName, out var parsed));
        Assert.Equal(format, parsed);
        Assert.True(RecordingFormatNames.TryParse(wireName.ToUpperInvariant(), out parsed));
        Assert.Equal(format, parsed);
    }

    [Theory]
    [InlineData("ogg")]
    [InlineData("Wav ")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_name_does_not_parse(string? wireName) =>
        Assert.False(RecordingFormatNames.TryParse(wireName, out _));
}
