namespace CallActors.Sip.Transactions;

/// <summary>The RFC 3261 base timers (Table 4 in Appendix A); every transaction timer derives from them.</summary>
public sealed record SipTimerOptions
{
    /// <summary>Round-trip time estimate: the first retransmission interval, and 64*T1 is the transaction timeout.</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap on the retransmission interval of non-INVITE requests and of INVITE final responses.</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>The longest a message stays in the network: timers I and K on UDP.</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>64*T1: timers B, F, H, J (UDP), L and M.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;

    /// <summary>Timer D on UDP: "at least 32 s" whatever T1 is (RFC 3261 §17.1.1.2), so it is not derived from T1.</summary>
    public static TimeSpan TimerD { get; } = TimeSpan.FromSeconds(32);

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid setting.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (T1 <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(T1)} must be positive, got {T1}");
        }

        if (T2 < T1)
        {
            problems.Add($"{nameof(T2)} must be at least {nameof(T1)} ({T1}), got {T2}");
        }

        if (T4 <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(T4)} must be positive, got {T4}");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(SipTimerOptions)}: {string.Join("; ", problems)}.");
        }
    }
}
