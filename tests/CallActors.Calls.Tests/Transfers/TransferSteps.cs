using CallActors.Calls.Transfers;

namespace CallActors.Calls.Tests.Transfers;

/// <summary>Transfers and inputs for the tests, timed in seconds after <see cref="T0"/>, and a way to reach a state by
/// the inputs that lead to it.</summary>
internal static class TransferSteps
{
    public const string Alice = "+15550101";
    public const string Bob = "sip:bob@pbx.example.com";
    public const string Carol = "+15550103";

    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    /// <summary>A blind API transfer of the caller to <see cref="Alice"/>, then the <paramref name="fallback"/>.</summary>
    public static TransferState Blind(params string[] fallback) =>
        NewTransfer(TransferKind.Blind, TransferLeg.Caller, TransferFallbackAction.Reconnect, fallback);

    /// <summary>An attended API transfer of the caller to <see cref="Alice"/>, then the <paramref name="fallback"/>.</summary>
    public static TransferState Attended(params string[] fallback) =>
        NewTransfer(TransferKind.Attended, TransferLeg.Caller, TransferFallbackAction.Reconnect, fallback);

    public static TransferState NewTransfer(
        TransferKind kind, TransferLeg leg, TransferFallbackAction whenAllFail, params string[] fallback) =>
        TransferState.Request("xfer-1", "call-1", kind, leg, TransferOrigin.Api, Alice, fallback, whenAllFail, null, T0);

    /// <summary>The state <paramref name="inputs"/> lead to; each of them must apply.</summary>
    public static TransferState Build(TransferState start, params TransferInput[] inputs)
    {
        var state = start;
        foreach (var input in inputs)
        {
            var next = TransferStateMachine.Apply(state, input);
            Assert.NotSame(state, next);
            state = next;
        }
        return state;
    }

    public static DialStarted Dial(double seconds) => new(At(seconds));

    public static TargetRinging Ring(double seconds, int sipCode = 180) => new(sipCode, At(seconds));

    public static TargetAnswered Answer(double seconds) => new(At(seconds));

    public static TargetBridged Bridge(double seconds) => new(At(seconds));

    public static TargetFailed Fail(double seconds, int? sipCode, string? reason = null) => new(sipCode, reason, At(seconds));

    public static CancelRequested Cancel(double seconds) => new(At(seconds));

    public static KeptPartyHungUp KeptHangsUp(double seconds) => new(At(seconds));

    public static OriginalPartyHungUp OriginalHangsUp(double seconds) => new(At(seconds));
}
