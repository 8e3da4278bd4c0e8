using CallActors.Edge.Tests.Infrastructure;

namespace CallActors.Edge.Tests.Api;

/// <summary>Call control on a node that takes no calls (SIP off): transfers and click-to-call answer 503, a session
/// to hold is not found, and bad input is still refused first.</summary>
public sealed class CallControlWithoutCallsTests(NoCallsNodeFixture fixture) : IClassFixture<NoCallsNodeFixture>
{
    private const string Transfer = "0123456789abcdef0123456789abcdef";

    private static readonly DateTimeOffset Base = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private EdgeTestNode Node => fixture.Node;

    [Fact]
    public async Task Transfers_of_a_stored_call_answer_503_and_bad_input_still_400()
    {
        var user = await Node.UserAsync("No calls", "nocalls.example.com");
        var callId = $"stored-{Guid.NewGuid():N}";
        await Node.StoreCallAsync(new StoredCall(callId, user.AccountId, "nocalls.example.com", Base));
        var transfers = $"/v2/accounts/{user.AccountId}/calls/{callId}/transfers";

        var answers = new[]
        {
            await Node.SendAsync(HttpMethod.Post, transfers, user.Token, """{"data":{"kind":"attended","transfer_to":"sip:3000@example.com","fallback":["3001"]}}"""),
            await Node.GetAsync(transfers, user.Token),
            await Node.GetAsync($"{transfers}/{Transfer}", user.Token),
            await Node.SendAsync(HttpMethod.Post, $"{transfers}/{Transfer}", user.Token, """{"data":{"action":"complete"}}"""),
            await Node.SendAsync(HttpMethod.Delete, $"{transfers}/{Transfer}", user.Token),
        };
        foreach (var response in answers)
        {
            Assert.True(response.Status == 503, response.Body);
            Assert.Equal("datastore_unreachable", (string)response.Json["message"]!);
        }

        var bad = await Node.SendAsync(HttpMethod.Post, transfers, user.Token, """{"data":{"kind":"attended"}}""");
        Assert.Equal(400, bad.Status);
        Assert.NotNull(bad.Data["transfer_to"]);
    }

    [Fact]
    public async Task Click_to_call_answers_503_and_no_session_can_be_held()
    {
        var user = await Node.UserAsync("No sessions", "nosessions.example.com");
        var sessions = $"/v2/accounts/{user.AccountId}/sessions";

        var started = await Node.SendAsync(HttpMethod.Post, sessions, user.Token, """{"data":{"caller":"1001","callee":"sip:2002@example.com","caller_display_name":"Front desk","trunk":"main"}}""");
        Assert.True(started.Status == 503, started.Body);
        Assert.Equal("datastore_unreachable", (string)started.Json["message"]!);

        var list = await Node.GetAsync(sessions, user.Token);
        Assert.Equal(0, (int)list.Data["count"]!);
        var hold = await Node.SendAsync(HttpMethod.Post, $"{sessions}/some-call@host/hold", user.Token);
        Assert.Equal(404, hold.Status);
        var unhold = await Node.SendAsync(HttpMethod.Post, $"{sessions}/some-call@host/unhold", user.Token, """{"data":{"party":"caller"}}""");
        Assert.Equal(404, unhold.Status);
    }
}
