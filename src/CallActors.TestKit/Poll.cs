namespace CallActors.TestKit;

/// <summary>Waits for a condition by polling it until a deadline; fails with the reason when it never holds.</summary>
public static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <exception cref="TestKitFailedException">The condition did not hold before the deadline.</exception>
    public static async Task UntilAsync(Func<bool> condition, string waitingFor, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TestKitFailedException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds} s waiting for {waitingFor}.");
            }
            await Task.Delay(5).ConfigureAwait(false);
        }
    }
}
