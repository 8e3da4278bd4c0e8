using CallActors.Sip.Transactions;
using CallActors.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallActors.Sip.Tests.Transactions;

public sealed class SipTimerOptionsTests
{
    [Fact]
    public void The_defaults_are_RFC_3261_Table_4()
    {
        var options = new SipTimerOptions();

        options.Validate();
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.T1);
        Assert.Equal(TimeSpan.FromSeconds(4), options.T2);
        Assert.Equal(TimeSpan.FromSeconds(5), options.T4);
        Assert.Equal(TimeSpan.FromSeconds(32), options.TransactionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(32), SipTimerOptions.TimerD);
    }

    [Theory]
    [InlineData(0, 4000, 5000, "T1")]
    [InlineData(-1, 4000, 5000, "T1")]
    [InlineData(500, 499, 5000, "T2")]
    [InlineData(500, 4000, 0, "T4")]
    public void Validate_names_the_invalid_setting(int t1, int t2, int t4, string name)
    {
        var options = new SipTimerOptions
        {
            T1 = TimeSpan.FromMilliseconds(t1),
            T2 = TimeSpan.FromMilliseconds(t2),
            T4 = TimeSpan.FromMilliseconds(t4),
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains($"{name} must", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_layer_refuses_invalid_timers()
    {
        var time = new ManualTimeProvider();
        var options = new SipTimerOptions { T1 = TimeSpan.Zero };

        Assert.Throws<ArgumentException>(() => new SipTransactionLayer(
            new FakeTransport(time), new RecordingTransactionUser(time), options, time, NullLogger<SipTransactionLayer>.Instance));
    }
}
