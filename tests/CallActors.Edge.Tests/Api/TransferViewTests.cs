using System.Text.Json;
using System.Text.Json.Nodes;
using CallActors.Calls.Transfers;
using CallActors.Edge.Crossbar;
using CallActors.Edge.Modules;

namespace CallActors.Edge.Tests.Api;

/// <summary>The transfer as the API writes it: the snake_case fields clients read, the wire names of the enums, the
/// routing attempts and the timeline of a transfer that failed over to its fallback target.</summary>
public sealed class TransferViewTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_transfer_that_failed_over_shows_both_attempts_and_its_timeline()
    {
        var state = TransferState.Request("0123456789abcdef0123456789abcdef", "call-1@host", TransferKind.Blind, TransferLeg.Callee, TransferOrigin.Api,
            "sip:3000@example.com", ["3001"], TransferFallbackAction.HangUp, null, At);
        foreach (var input in new TransferInput[]
        {
            new DialStarted(At.AddSeconds(1)),
            new TargetFailed(486, null, At.AddSeconds(2)),
            new DialStarted(At.AddSeconds(3)),
            new TargetRinging(180, At.AddSeconds(4)),
        })
        {
            state = TransferStateMachine.Apply(state, input);
        }

        var json = JsonSerializer.SerializeToNode(TransferView.Of(state), CrossbarJson.Options)!.AsObject();

        Assert.Equal(
            ["id", "call_id", "kind", "leg", "origin", "status", "transfer_to", "fallback", "fallback_action", "replaces", "replaced_call_id", "current_target", "sip_code",
             "failure_cause", "outcome", "next_transfer", "routing_attempts", "history", "created_at", "updated_at", "completed_at"],
            json.Select(p => p.Key).ToArray());
        Assert.Equal("blind", (string)json["kind"]!);
        Assert.Equal("callee", (string)json["leg"]!);
        Assert.Equal("api", (string)json["origin"]!);
        Assert.Equal("hang_up", (string)json["fallback_action"]!);
        Assert.Equal("ringing", (string)json["status"]!);
        Assert.Equal("3001", (string)json["current_target"]!);
        Assert.Equal(["3001"], json["fallback"]!.AsArray().Select(t => (string)t!).ToArray());
        Assert.Null(json["replaces"]);
        Assert.Null(json["replaced_call_id"]);
        Assert.Null(json["completed_at"]);
        Assert.True(json.ContainsKey("completed_at"), "null fields are written, as the recording view does");

        var attempts = json["routing_attempts"]!.AsArray();
        Assert.Equal(2, attempts.Count);
        Assert.Equal(["target", "status", "sip_code", "failure_cause", "started_at", "ringing_at", "answered_at", "ended_at"], attempts[0]!.AsObject().Select(p => p.Key).ToArray());
        Assert.Equal("sip:3000@example.com", (string)attempts[0]!["target"]!);
        Assert.Equal("failed", (string)attempts[0]!["status"]!);
        Assert.Equal(486, (int)attempts[0]!["sip_code"]!);
        Assert.Equal("busy", (string)attempts[0]!["failure_cause"]!);
        Assert.Equal(At.AddSeconds(2), (DateTimeOffset)attempts[0]!["ended_at"]!);
        Assert.Equal("ringing", (string)attempts[1]!["status"]!);
        Assert.Equal(180, (int)attempts[1]!["sip_code"]!);

        var history = json["history"]!.AsArray();
        Assert.Equal(["status", "at", "target", "sip_code"], history[0]!.AsObject().Select(p => p.Key).ToArray());
        Assert.Equal("requested", (string)history[0]!["status"]!);
        Assert.Equal("ringing", (string)history[^1]!["status"]!);
        Assert.Equal(At.AddSeconds(4), (DateTimeOffset)history[^1]!["at"]!);
        Assert.Equal("3001", (string)history[^1]!["target"]!);
    }

    [Fact]
    public void Warm_is_read_as_attended_and_written_back_as_attended()
    {
        Assert.True(TransferKindNames.TryParse("warm", out var kind));
        var state = TransferState.Request("fedcba9876543210fedcba9876543210", "call-2@host", kind, TransferLeg.Caller, TransferOrigin.Refer,
            "1234", [], TransferFallbackAction.Reconnect, "abc;to-tag=1;from-tag=2", At) with { ReplacedCallId = "abc" };

        var json = JsonSerializer.SerializeToNode(TransferView.Of(state), CrossbarJson.Options)!;

        Assert.Equal("attended", (string)json["kind"]!);
        Assert.Equal("refer", (string)json["origin"]!);
        Assert.Equal("reconnect", (string)json["fallback_action"]!);
        Assert.Equal("abc;to-tag=1;from-tag=2", (string)json["replaces"]!);
        Assert.Equal("abc", (string)json["replaced_call_id"]!);
        Assert.Null(json["next_transfer"]);
        Assert.Empty(json["routing_attempts"]!.AsArray());
    }
}
