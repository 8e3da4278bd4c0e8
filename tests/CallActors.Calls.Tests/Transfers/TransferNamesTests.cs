using CallActors.Calls.Transfers;

namespace CallActors.Calls.Tests.Transfers;

public sealed class TransferNamesTests
{
    [Theory]
    [InlineData(TransferKind.Blind, "blind")]
    [InlineData(TransferKind.Attended, "attended")]
    public void Kinds_have_their_API_names(TransferKind kind, string name)
    {
        Assert.Equal(name, kind.ToWireName());
        Assert.True(TransferKindNames.TryParse(name, out var parsed));
        Assert.Equal(kind, parsed);
    }

    [Fact]
    public void Warm_is_read_as_attended_and_written_as_attended()
    {
        Assert.True(TransferKindNames.TryParse("warm", out var kind));
        Assert.Equal(TransferKind.Attended, kind);
        Assert.Equal("attended", kind.ToWireName());
    }

    [Theory]
    [InlineData(TransferLeg.Caller, "caller")]
    [InlineData(TransferLeg.Callee, "callee")]
    public void Legs_have_their_API_names(TransferLeg leg, string name)
    {
        Assert.Equal(name, leg.ToWireName());
        Assert.True(TransferLegNames.TryParse(name, out var parsed));
        Assert.Equal(leg, parsed);
    }

    [Theory]
    [InlineData(TransferStatus.Requested, "requested")]
    [InlineData(TransferStatus.Dialing, "dialing")]
    [InlineData(TransferStatus.Ringing, "ringing")]
    [InlineData(TransferStatus.Answered, "answered")]
    [InlineData(TransferStatus.Completed, "completed")]
    [InlineData(TransferStatus.Failed, "failed")]
    [InlineData(TransferStatus.Cancelled, "cancelled")]
    public void Statuses_have_their_API_names(TransferStatus status, string name)
    {
        Assert.Equal(name, status.ToWireName());
        Assert.True(TransferStatusNames.TryParse(name, out var parsed));
        Assert.Equal(status, parsed);
    }

    [Theory]
    [InlineData(TransferOrigin.Api, "api")]
    [InlineData(TransferOrigin.Refer, "refer")]
    public void Origins_have_their_API_names(TransferOrigin origin, string name)
    {
        Assert.Equal(name, origin.ToWireName());
        Assert.True(TransferOriginNames.TryParse(name, out var parsed));
        Assert.Equal(origin, parsed);
    }

    [Theory]
    [InlineData(TransferFallbackAction.Reconnect, "reconnect")]
    [InlineData(TransferFallbackAction.HangUp, "hang_up")]
    public void Fallback_actions_have_their_API_names(TransferFallbackAction action, string name)
    {
        Assert.Equal(name, action.ToWireName());
        Assert.True(TransferFallbackActionNames.TryParse(name, out var parsed));
        Assert.Equal(action, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Blind")]
    [InlineData("hangup")]
    [InlineData("HangUp")]
    [InlineData("cold")]
    public void Other_names_are_not_parsed(string? name)
    {
        Assert.False(TransferKindNames.TryParse(name, out _));
        Assert.False(TransferLegNames.TryParse(name, out _));
        Assert.False(TransferStatusNames.TryParse(name, out _));
        Assert.False(TransferOriginNames.TryParse(name, out _));
        Assert.False(TransferFallbackActionNames.TryParse(name, out _));
    }

    [Fact]
    public void Every_value_round_trips_through_its_distinct_name()
    {
        RoundTrips<TransferKind>(TransferKindNames.ToWireName, TransferKindNames.TryParse);
        RoundTrips<TransferLeg>(TransferLegNames.ToWireName, TransferLegNames.TryParse);
        RoundTrips<TransferStatus>(TransferStatusNames.ToWireName, TransferStatusNames.TryParse);
        RoundTrips<TransferOrigin>(TransferOriginNames.ToWireName, TransferOriginNames.TryParse);
        RoundTrips<TransferFallbackAction>(TransferFallbackActionNames.ToWireName, TransferFallbackActionNames.TryParse);
    }

    [Fact]
    public void Exactly_completed_failed_and_cancelled_are_final()
    {
        Assert.Equal(
            [TransferStatus.Completed, TransferStatus.Failed, TransferStatus.Cancelled],
            Enum.GetValues<TransferStatus>().Where(s => s.IsFinal()));
    }

    private delegate bool Parse<TEnum>(string? name, out TEnum value);

    private static void RoundTrips<TEnum>(Func<TEnum, string> toWireName, Parse<TEnum> tryParse)
        where TEnum : struct, Enum
    {
        var values = Enum.GetValues<TEnum>();
        Assert.Equal(values.Length, values.Select(toWireName).Distinct().Count());
        foreach (var value in values)
        {
            Assert.True(tryParse(toWireName(value), out var parsed));
            Assert.Equal(value, parsed);
        }
    }
}
