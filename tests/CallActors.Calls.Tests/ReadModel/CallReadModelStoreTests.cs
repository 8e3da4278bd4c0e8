using CallActors.Calls.ReadModel;
using Microsoft.Data.Sqlite;
using static CallActors.Calls.Tests.ReadModel.SampleCalls;

namespace CallActors.Calls.Tests.ReadModel;

/// <summary>The calls read model on a real SQLite file: rows and offset written together, found by either leg's
/// Call-ID, listed by scope and filters, newest first, one page after another.</summary>
public sealed class CallReadModelStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_summary_is_found_by_either_legs_call_id_and_comes_back_field_for_field_in_UTC()
    {
        await using var store = await OpenAsync();
        // A created-at with an offset and sub-millisecond ticks: it comes back as the same instant, exactly, in UTC.
        var createdAt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567);
        var summary = Summary("round@test", createdAt) with { Route = null, CallerMos = null, PddMs = 1234.5678 };

        await store.ApplyAsync([summary], 17);

        Assert.Equal(summary, await store.FindAsync("round@test"));
        Assert.Equal(summary, await store.FindAsync("round@test-b"));
        Assert.Null(await store.FindAsync("round"));
        var found = (await store.FindAsync("round@test"))!;
        Assert.Equal(TimeSpan.Zero, found.CreatedAt.Offset);
        Assert.Equal(createdAt.UtcTicks, found.CreatedAt.UtcTicks);
        Assert.Equal(17, await store.ReadOffsetAsync());
    }

    [Fact]
    public async Task A_new_store_is_empty_at_offset_0_and_rows_and_offset_survive_reopening()
    {
        var path = _folder.File("calls.db");
        await using (var store = await CallReadModelStore.OpenAsync(path))
        {
            Assert.Equal(0, await store.ReadOffsetAsync());
            Assert.Equal(0, await store.CountAsync());
            await store.ApplyAsync([Summary("a@test", At(1)), Summary("b@test", At(2))], 40);
            // An upsert of a call already stored replaces it.
            await store.ApplyAsync([Summary("a@test", At(1), status: "busy")], 41);
        }

        await using var reopened = await CallReadModelStore.OpenAsync(path);
        Assert.Equal(41, await reopened.ReadOffsetAsync());
        Assert.Equal(2, await reopened.CountAsync());
        Assert.Equal("busy", (await reopened.FindAsync("a@test"))!.Status);
    }

    [Fact]
    public async Task Summaries_and_offset_are_one_transaction_a_failing_row_stores_neither()
    {
        await using var store = await OpenAsync();
        await store.ApplyAsync([Summary("kept@test", At(1))], 5);
        // A row the schema refuses (From is NOT NULL) after a good one: the whole batch goes.
        var broken = Summary("broken@test", At(3)) with { From = null! };

        await Assert.ThrowsAsync<SqliteException>(() => store.ApplyAsync([Summary("good@test", At(2)), broken], 9));

        Assert.Equal(5, await store.ReadOffsetAsync());
        Assert.Null(await store.FindAsync("good@test"));
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task GetMany_returns_the_calls_with_exactly_those_ids()
    {
        await using var store = await OpenAsync();
        await store.ApplyAsync([Summary("a@test", At(1)), Summary("b@test", At(2)), Summary("c@test", At(3))], 3);

        var found = await store.GetManyAsync(["a@test", "c@test", "c@test", "b@test-b", "missing"]);

        Assert.Equal(["a@test", "c@test"], found.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(At(3), found["c@test"].CreatedAt);
        Assert.Empty(await store.GetManyAsync([]));
    }

    [Fact]
    public async Task GetMany_takes_more_ids_than_one_statement_binds()
    {
        await using var store = await OpenAsync();
        var summaries = Enumerable.Range(0, 1200).Select(i => Summary($"many-{i}", At(i))).ToArray();
        await store.ApplyAsync(summaries, 1);

        var found = await store.GetManyAsync(summaries.Select(s => s.CallId).ToArray());

        Assert.Equal(1200, found.Count);
    }

    [Fact]
    public async Task Calls_are_listed_for_their_accounts_and_calls_without_an_account_for_their_realm()
    {
        await using var store = await OpenAsync();
        await store.ApplyAsync(
        [
            Summary("acct1-old", At(1), accountId: "acct-1", realm: "one.example.com"),
            Summary("acct1-new", At(5), accountId: "acct-1", realm: "elsewhere.example.com"),
            Summary("acct2", At(3), accountId: "acct-2", realm: "one.example.com"),
            Summary("realm1-none", At(4), accountId: null, realm: "one.example.com"),
            Summary("realm2-none", At(2), accountId: null, realm: "two.example.com"),
        ], 5);

        Assert.Equal(["acct1-new", "acct1-old"], await ListIdsAsync(store, Query(["acct-1"], [])));
        Assert.Equal(["acct1-new", "acct2", "acct1-old"], await ListIdsAsync(store, Query(["acct-1", "acct-2"], [])));
        // The realm finds only calls without an account: acct-2's call in that realm is acct-2's, not the realm's.
        Assert.Equal(["realm1-none"], await ListIdsAsync(store, Query([], ["ONE.example.com"])));
        Assert.Equal(["acct1-new", "realm1-none", "acct1-old"], await ListIdsAsync(store, Query(["acct-1"], ["one.example.com"])));
        Assert.Equal(["realm1-none", "acct2", "realm2-none"], await ListIdsAsync(store, Query(["acct-2"], ["one.example.com", "two.example.com"])));
        Assert.Empty(await ListIdsAsync(store, Query(["acct-3"], ["three.example.com"])));
        // No scope is no calls, not all of them.
        Assert.Empty(await ListIdsAsync(store, Query([], [])));
        Assert.Empty(await ListIdsAsync(store, Query([""], [""])));
    }

    [Fact]
    public async Task Filters_narrow_the_list_by_status_direction_users_created_range_and_dialogue()
    {
        await using var store = await OpenAsync();
        await store.ApplyAsync(
        [
            Summary("c1", At(10), status: "completed", fromUser: "1001", toUser: "2001"),
            Summary("c2", At(20), status: "busy", fromUser: "1001", toUser: "2002"),
            Summary("c3", At(30), status: "completed", fromUser: "1002", toUser: "2001", dialogueMessages: 0),
            Summary("c4", At(40), status: "ongoing", fromUser: null, toUser: "2001") with { Direction = "outgoing" },
            Summary("c5", At(50), accountId: null, realm: "example.com", status: "completed", fromUser: "1001"),
        ], 5);
        var all = Query(["acct-1"], ["example.com"]);

        Assert.Equal(["c5", "c3", "c1"], await ListIdsAsync(store, all with { Status = "completed" }));
        Assert.Equal(["c4"], await ListIdsAsync(store, all with { Direction = "outgoing" }));
        Assert.Equal(["c5", "c3", "c2", "c1"], await ListIdsAsync(store, all with { Direction = "incoming" }));
        Assert.Equal(["c5", "c2", "c1"], await ListIdsAsync(store, all with { FromUser = "1001" }));
        Assert.Equal(["c4", "c3", "c1"], await ListIdsAsync(store, all with { ToUser = "2001" }));
        Assert.Equal(["c3", "c1"], await ListIdsAsync(store, all with { ToUser = "2001", Status = "completed", CreatedTo = At(30) }));
        // Both bounds are inclusive.
        Assert.Equal(["c4", "c3", "c2"], await ListIdsAsync(store, all with { CreatedFrom = At(20), CreatedTo = At(40) }));
        Assert.Equal(["c2"], await ListIdsAsync(store, all with { CreatedFrom = At(20), CreatedTo = At(20) }));
        Assert.Equal(["c5", "c4", "c2", "c1"], await ListIdsAsync(store, all with { WithDialogueOnly = true }));
        Assert.Equal(["c5", "c1"], await ListIdsAsync(store, all with { WithDialogueOnly = true, Status = "completed", FromUser = "1001" }));
    }

    [Fact]
    public async Task Paging_through_250_calls_7_at_a_time_returns_every_call_once_in_order_ties_included()
    {
        await using var store = await OpenAsync();
        // Created-at repeats: 250 calls over 40 distinct instants; a third without an account, found by realm.
        var summaries = Enumerable.Range(0, 250)
            .Select(i => Summary(
                $"call-{i:D3}@test", At(i % 40), accountId: i % 3 == 0 ? null : "acct-1", realm: "example.com"))
            .ToArray();
        foreach (var chunk in summaries.Chunk(60))
        {
            await store.ApplyAsync(chunk, 1);
        }
        var expected = summaries
            .OrderByDescending(s => s.CreatedAt)
            .ThenByDescending(s => s.CallId, StringComparer.Ordinal)
            .Select(s => s.CallId)
            .ToArray();

        var seen = new List<string>();
        var pages = 0;
        var query = Query(["acct-1"], ["example.com"]) with { PageSize = 7 };
        while (true)
        {
            var page = await store.ListAsync(query);
            pages++;
            Assert.InRange(page.Items.Count, 1, 7);
            seen.AddRange(page.Items.Select(s => s.CallId));
            if (page.NextStartKey is null)
            {
                break;
            }
            Assert.Equal(7, page.Items.Count);
            query = query with { StartKey = page.NextStartKey };
        }

        Assert.Equal(expected, seen);
        Assert.Equal(36, pages);
    }

    [Fact]
    public async Task A_start_key_is_url_safe_and_pages_the_same_with_filters()
    {
        await using var store = await OpenAsync();
        await store.ApplyAsync(
            Enumerable.Range(0, 30).Select(i => Summary($"k{i:D2}+/=?&", At(i / 4), status: i % 2 == 0 ? "completed" : "busy")).ToArray(), 1);
        var query = Query(["acct-1"], []) with { Status = "busy", PageSize = 4 };

        var first = await store.ListAsync(query);
        var key = Assert.IsType<string>(first.NextStartKey);
        Assert.Matches("^[A-Za-z0-9_-]+$", key);
        var second = await store.ListAsync(query with { StartKey = key });

        Assert.All(first.Items.Concat(second.Items), s => Assert.Equal("busy", s.Status));
        Assert.Empty(first.Items.Select(s => s.CallId).Intersect(second.Items.Select(s => s.CallId)));
        Assert.True(first.Items[^1].CreatedAt >= second.Items[0].CreatedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("AAAA")]
    [InlineData("tampered")]
    [InlineData("truncated")]
    public async Task A_malformed_or_edited_start_key_is_a_format_error(string kind)
    {
        await using var store = await OpenAsync();
        await store.ApplyAsync(Enumerable.Range(0, 5).Select(i => Summary($"m{i}", At(i))).ToArray(), 1);
        var query = Query(["acct-1"], []) with { PageSize = 2 };
        var valid = (await store.ListAsync(query)).NextStartKey!;
        var key = kind switch
        {
            "tampered" => valid[..5] + (valid[5] == 'A' ? 'B' : 'A') + valid[6..],
            "truncated" => valid[..^3],
            _ => kind,
        };

        var error = await Assert.ThrowsAsync<FormatException>(() => store.ListAsync(query with { StartKey = key }));

        Assert.StartsWith("The start key is not one a previous page returned", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filter_values_are_data_an_injection_attempt_matches_nothing_and_the_table_stays()
    {
        await using var store = await OpenAsync();
        await store.ApplyAsync([Summary("x1", At(1)), Summary("x2", At(2)), Summary("quote", At(3), fromUser: "o'brien")], 1);
        var all = Query(["acct-1"], []);

        Assert.Empty(await ListIdsAsync(store, all with { FromUser = "' OR 1=1 --" }));
        Assert.Empty(await ListIdsAsync(store, all with { ToUser = "x'); DROP TABLE calls; --" }));
        Assert.Empty(await ListIdsAsync(store, Query(["' OR '1'='1"], ["') OR 1=1 --"])));
        Assert.Null(await store.FindAsync("' OR 1=1 --"));
        Assert.Equal(["quote"], await ListIdsAsync(store, all with { FromUser = "o'brien" }));
        Assert.Equal(3, await store.CountAsync());
        Assert.Equal(["quote", "x2", "x1"], await ListIdsAsync(store, all));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public void A_page_size_outside_1_to_1000_is_refused(int pageSize)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Query(["acct-1"], []) with { PageSize = pageSize });
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new CallQuery(["acct-1"], [], null, null, null, null, null, null, false, pageSize, null));
    }

    [Fact]
    public async Task A_page_of_1000_is_allowed()
    {
        await using var store = await OpenAsync();
        await store.ApplyAsync(Enumerable.Range(0, 1001).Select(i => Summary($"p{i:D4}", At(i))).ToArray(), 1);

        var page = await store.ListAsync(Query(["acct-1"], []) with { PageSize = 1000 });

        Assert.Equal(1000, page.Items.Count);
        Assert.NotNull(page.NextStartKey);
        Assert.Equal("p0000", Assert.Single((await store.ListAsync(Query(["acct-1"], []) with { PageSize = 1000, StartKey = page.NextStartKey })).Items).CallId);
    }

    private Task<CallReadModelStore> OpenAsync() => CallReadModelStore.OpenAsync(_folder.File("calls.db"));

    private static CallQuery Query(string[] accounts, string[] realms) =>
        new(accounts, realms, null, null, null, null, null, null, false, 100, null);

    private static async Task<string[]> ListIdsAsync(CallReadModelStore store, CallQuery query) =>
        (await store.ListAsync(query)).Items.Select(s => s.CallId).ToArray();
}
