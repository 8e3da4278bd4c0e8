using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CallActors.Interop.Tests.Media;

/// <summary>Sends a generated schedule in real time from one UDP endpoint to another, and measures its own lateness.</summary>
/// <remarks>
/// Waits on the cancellation token's handle (a kernel sleep) until <see cref="SpinMargin"/> before each due time, then
/// spins: sleeps alone overshoot by a millisecond or more, spinning alone would hold a core for the whole stream.
/// Real time is the point here, so the clock is the machine's <see cref="Stopwatch"/>, not an injected one.
/// </remarks>
internal static class RtpStreamSender
{
    private static readonly TimeSpan SpinMargin = TimeSpan.FromMilliseconds(2);

    /// <summary>Sends every packet of <paramref name="schedule"/>, blocking until the last is out.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static RtpSendReport Send(
        IReadOnlyList<ScheduledRtpPacket> schedule,
        IPEndPoint local,
        IPEndPoint remote,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        using var socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(local);
        var lateness = new List<TimeSpan>(schedule.Count);
        var start = Stopwatch.GetTimestamp();
        foreach (var packet in schedule)
        {
            var due = start + (long)(packet.Offset.TotalSeconds * Stopwatch.Frequency);
            WaitUntil(due, cancellationToken);
            lateness.Add(Stopwatch.GetElapsedTime(due));
            socket.SendTo(packet.Bytes.Span, SocketFlags.None, remote);
        }

        return new RtpSendReport(lateness);
    }

    private static void WaitUntil(long due, CancellationToken cancellationToken)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            if (remaining > SpinMargin)
            {
                cancellationToken.WaitHandle.WaitOne(remaining - SpinMargin);
            }
            else
            {
                spinner.SpinOnce(sleep1Threshold: -1); // never yields to Thread.Sleep(1), which would overshoot
            }
        }
    }
}
