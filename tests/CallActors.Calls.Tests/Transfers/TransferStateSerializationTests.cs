using System.Text;
using CallActors.Calls.Transfers;
using CallActors.Persistence.Serialization;
using static CallActors.Calls.Tests.Transfers.TransferSteps;

namespace CallActors.Calls.Tests.Transfers;

public sealed class TransferStateSerializationTests
{
    [Fact]
    public void A_transfer_survives_the_journal_with_the_API_names_of_its_enums()
    {
        var state = Build(
            TransferState.Request(
                "xfer-7", "call-7", TransferKind.Attended, TransferLeg.Callee, TransferOrigin.Refer, Alice, [Bob],
                TransferFallbackAction.HangUp, "a84b4c76e66710@pc33.example.com;to-tag=1930;from-tag=456", T0),
            Dial(1), Ring(2), Fail(8, 486), Dial(9), Fail(30, null));
        var serializer = new EventSerializer().Register<TransferState>("transfer-state-test");

        var (manifest, payload) = serializer.Serialize(state);
        var json = Encoding.UTF8.GetString(payload);
        var back = (TransferState)serializer.Deserialize(manifest, payload);

        // Lists compare by reference in a record's Equals: compare them item by item, and the rest by re-serializing.
        Assert.Equal(state.RoutingAttempts, back.RoutingAttempts);
        Assert.Equal(state.History, back.History);
        Assert.Equal(state.Fallback, back.Fallback);
        Assert.Equal(json, Encoding.UTF8.GetString(serializer.Serialize(back).Payload));
        Assert.Equal((TransferStatus.Failed, TransferOutcomes.HungUp, "no_answer"), (back.Status, back.Outcome, back.FailureCause));
        Assert.Contains("\"kind\":\"attended\"", json, StringComparison.Ordinal);
        Assert.Contains("\"leg\":\"callee\"", json, StringComparison.Ordinal);
        Assert.Contains("\"origin\":\"refer\"", json, StringComparison.Ordinal);
        Assert.Contains("\"whenAllFail\":\"hang_up\"", json, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"failed\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("isFinal", json, StringComparison.OrdinalIgnoreCase);
    }
}
