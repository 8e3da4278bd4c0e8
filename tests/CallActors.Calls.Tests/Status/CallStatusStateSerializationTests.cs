using System.Text;
using CallActors.Calls.Status;
using CallActors.Persistence.Serialization;

namespace CallActors.Calls.Tests.Status;

public sealed class CallStatusStateSerializationTests
{
    [Fact]
    public void An_ended_status_survives_the_journal_and_stores_only_its_own_fields()
    {
        var createdAt = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var status = new CallStatusState(
            CallStatus.NoAnswer, createdAt, createdAt.AddSeconds(2), null, createdAt.AddSeconds(30), TimeSpan.FromSeconds(2),
            480, "NO_ANSWER", HangupSource.MediaTimeout);
        var serializer = new EventSerializer().Register<CallStatusState>("call-status-state-test");

        var (manifest, payload) = serializer.Serialize(status);
        var json = Encoding.UTF8.GetString(payload);

        Assert.Equal(status, serializer.Deserialize(manifest, payload));
        Assert.Contains("\"status\":\"no-answer\"", json, StringComparison.Ordinal);
        Assert.Contains("\"hangupSource\":\"media-timeout\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("duration", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("isEnded", json, StringComparison.Ordinal);
    }
}
