using CallActors.Calls.Status;

namespace CallActors.Calls.Tests.Status;

public sealed class CallStatusNamesTests
{
    [Theory]
    [InlineData(CallStatus.Starting, "starting")]
    [InlineData(CallStatus.Ringing, "ringing")]
    [InlineData(CallStatus.Ongoing, "ongoing")]
    [InlineData(CallStatus.Completed, "completed")]
    [InlineData(CallStatus.NoAnswer, "no-answer")]
    [InlineData(CallStatus.Busy, "busy")]
    [InlineData(CallStatus.Failed, "failed")]
    [InlineData(CallStatus.Cancelled, "cancelled")]
    public void Statuses_have_their_API_names(CallStatus status, string name)
    {
        Assert.Equal(name, status.ToWireName());
    }

    [Theory]
    [InlineData(HangupSource.None, "none")]
    [InlineData(HangupSource.Caller, "caller")]
    [InlineData(HangupSource.Callee, "callee")]
    [InlineData(HangupSource.Api, "api")]
    [InlineData(HangupSource.Timeout, "timeout")]
    [InlineData(HangupSource.MediaTimeout, "media-timeout")]
    public void Hangup_sources_have_their_API_names(HangupSource source, string name)
    {
        Assert.Equal(name, source.ToWireName());
    }

    [Fact]
    public void Every_status_and_source_has_a_distinct_name()
    {
        Assert.Equal(Enum.GetValues<CallStatus>().Length, Enum.GetValues<CallStatus>().Select(s => s.ToWireName()).Distinct().Count());
        Assert.Equal(Enum.GetValues<HangupSource>().Length, Enum.GetValues<HangupSource>().Select(s => s.ToWireName()).Distinct().Count());
    }

    [Fact]
    public void Exactly_the_five_endings_are_ended()
    {
        Assert.Equal(
            [CallStatus.Completed, CallStatus.NoAnswer, CallStatus.Busy, CallStatus.Failed, CallStatus.Cancelled],
            Enum.GetValues<CallStatus>().Where(s => s.IsEnded()));
    }
}
