using System.Text.Json.Nodes;
using CallActors.Edge.Tests.Infrastructure;

namespace CallActors.Edge.Tests.Api;

/// <summary>Every route of a running node through real HTTP: the envelope, authentication, authority between accounts,
/// the error answers (400, 401, 404, 405, 413) and pagination.</summary>
public sealed class ApiTests(ApiNodeFixture fixture) : IClassFixture<ApiNodeFixture>
{
    private static readonly DateTimeOffset Base = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private EdgeTestNode Node => fixture.Node;

    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task A_success_answer_carries_the_whole_crossbar_envelope()
    {
        var user = await Node.UserAsync("Envelope Co", $"{Unique("env")}.example.com");
        var response = await Node.SendAsync(HttpMethod.Get, $"/v2/accounts/{user.AccountId}", user.Token, headers: new Dictionary<string, string> { ["X-Request-ID"] = "req-42" });

        Assert.Equal(200, response.Status);
        var json = response.Json;
        Assert.Equal("success", (string)json["status"]!);
        Assert.Equal("req-42", (string)json["request_id"]!);
        Assert.Equal(user.Token, (string)json["auth_token"]!);
        Assert.Matches("^[0-9a-f]{16}$", (string)json["revision"]!);
        Assert.Equal($"\"{(string)json["revision"]!}\"", response.Headers["ETag"]);
        Assert.True(DateTimeOffset.TryParse((string)json["timestamp"]!, out _));
        Assert.Equal("node1", (string)json["node"]!);
        Assert.False(string.IsNullOrEmpty((string?)json["version"]));
        Assert.Equal(user.AccountId, (string)json["data"]!["id"]!);
        Assert.Equal("Envelope Co", (string)json["data"]!["name"]!);
        Assert.Null(json["data"]!["api_key_hash"]);
        Assert.Equal("req-42", response.Headers["X-Request-ID"]);
    }

    [Fact]
    public async Task An_error_answer_carries_the_crossbar_error_envelope()
    {
        var response = await Node.GetAsync("/v2/accounts/0123456789abcdef0123456789abcdef/calls", token: null);

        Assert.Equal(401, response.Status);
        var json = response.Json;
        Assert.Equal("error", (string)json["status"]!);
        Assert.Equal("401", (string)json["error"]!);
        Assert.Equal("invalid_credentials", (string)json["message"]!);
        Assert.Equal("invalid credentials", (string)json["data"]!["message"]!);
        Assert.False(string.IsNullOrEmpty((string?)json["request_id"]));
        Assert.Null(json["auth_token"]);
    }

    [Fact]
    public async Task Every_route_of_every_running_module_refuses_a_missing_or_bad_token()
    {
        var user = await Node.UserAsync("Auth Co", $"{Unique("auth")}.example.com");
        var openApi = await Node.GetAsync("/v2/openapi.json", null);
        Assert.Equal(200, openApi.Status);
        var paths = openApi.Json["paths"]!.AsObject();
        Assert.True(paths.Count >= 10, openApi.Body);
        var checkedRoutes = 0;
        foreach (var (template, item) in paths)
        {
            var path = template.Replace("{ACCOUNT_ID}", user.AccountId, StringComparison.Ordinal)
                .Replace("{CALL_ID}", "some-call@host", StringComparison.Ordinal)
                .Replace("{SESSION_ID}", "some-call@host", StringComparison.Ordinal)
                .Replace("{RECORDING_ID}", "0123456789abcdef0123456789abcdef", StringComparison.Ordinal)
                .Replace("{TRANSFER_ID}", "fedcba9876543210fedcba9876543210", StringComparison.Ordinal);
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation!["security"] is JsonArray { Count: 0 })
                {
                    continue; // PUT /v2/api_auth issues tokens
                }
                var body = method is "put" or "post" or "patch" ? """{"data":{}}""" : null;
                foreach (var token in new[] { null, "garbage", user.Token[..^4] + "AAAA", "v1.AAAA.BBBB" })
                {
                    var response = await Node.SendAsync(new HttpMethod(method.ToUpperInvariant()), path, token, body);
                    Assert.True(response.Status == 401, $"{method} {path} with token '{token}': {response.Status} {response.Body}");
                    Assert.Equal("401", (string)response.Json["error"]!);
                }
                checkedRoutes++;
            }
        }
        Assert.True(checkedRoutes >= 22, $"only {checkedRoutes} routes");
    }

    [Fact]
    public async Task An_api_key_that_is_not_ours_gets_no_token()
    {
        var wrong = await Node.SendAsync(HttpMethod.Put, "/v2/api_auth", null, """{"data":{"api_key":"0000000000000000000000000000000000000000000000000000000000000000"}}""");
        Assert.Equal(401, wrong.Status);
        var missing = await Node.SendAsync(HttpMethod.Put, "/v2/api_auth", null, """{"data":{}}""");
        Assert.Equal(400, missing.Status);
        Assert.Equal("validation failed", (string)missing.Json["message"]!);
    }

    [Fact]
    public async Task Another_accounts_call_and_account_answer_404_while_a_parent_sees_its_children()
    {
        var realmA = $"{Unique("a")}.example.com";
        var realmB = $"{Unique("b")}.example.com";
        var a = await Node.UserAsync("A", realmA);
        var b = await Node.UserAsync("B", realmB);
        var callOfB = Unique("call-b-");
        await Node.StoreCallAsync(new StoredCall(callOfB, b.AccountId, realmB, Base));

        Assert.Equal(200, (await Node.GetAsync($"/v2/accounts/{b.AccountId}/calls/{callOfB}", b.Token)).Status);
        var viaOwnPath = await Node.GetAsync($"/v2/accounts/{a.AccountId}/calls/{callOfB}", a.Token);
        Assert.Equal(404, viaOwnPath.Status);
        Assert.Equal("404", (string)viaOwnPath.Json["error"]!);
        var viaTheirPath = await Node.GetAsync($"/v2/accounts/{b.AccountId}/calls/{callOfB}", a.Token);
        Assert.Equal(404, viaTheirPath.Status);
        Assert.Equal(404, (await Node.GetAsync($"/v2/accounts/{b.AccountId}", a.Token)).Status);
        Assert.Equal(404, (await Node.GetAsync($"/v2/accounts/{b.AccountId}/call_inspector/{callOfB}", a.Token)).Status);
        Assert.Equal(404, (await Node.GetAsync($"/v2/accounts/{a.AccountId}/calls/{callOfB}/insights", a.Token)).Status);
        var listOfA = await Node.GetAsync($"/v2/accounts/{a.AccountId}/calls", a.Token);
        Assert.Empty(listOfA.Data.AsArray());

        // A sub-account's calls are visible to its parent, not the other way round.
        var child = await Node.SendAsync(HttpMethod.Put, $"/v2/accounts/{a.AccountId}", a.Token, $$$"""{"data":{"name":"A child","realm":"{{{Unique("c")}}}.example.com"}}""");
        Assert.Equal(201, child.Status);
        var childId = (string)child.Data["account"]!["id"]!;
        var childKey = (string)child.Data["api_key"]!;
        var childCall = Unique("call-c-");
        await Node.StoreCallAsync(new StoredCall(childCall, childId, "other.example.com", Base));
        Assert.Equal(200, (await Node.GetAsync($"/v2/accounts/{a.AccountId}/calls/{childCall}", a.Token)).Status);
        Assert.Equal(200, (await Node.GetAsync($"/v2/accounts/{childId}/calls/{childCall}", a.Token)).Status);
        var childToken = await Node.TokenAsync(childKey);
        Assert.Equal(404, (await Node.GetAsync($"/v2/accounts/{a.AccountId}", childToken)).Status);
        Assert.Equal(200, (await Node.GetAsync($"/v2/accounts/{childId}/calls/{childCall}", childToken)).Status);
    }

    [Fact]
    public async Task A_call_without_an_account_belongs_to_the_account_of_its_realm()
    {
        var realm = $"{Unique("r")}.example.com";
        var owner = await Node.UserAsync("Realm owner", realm);
        var other = await Node.UserAsync("Other", $"{Unique("o")}.example.com");
        var callId = Unique("realm-call-");
        await Node.StoreCallAsync(new StoredCall(callId, null, realm, Base));

        Assert.Equal(200, (await Node.GetAsync($"/v2/accounts/{owner.AccountId}/calls/{callId}", owner.Token)).Status);
        Assert.Equal(404, (await Node.GetAsync($"/v2/accounts/{other.AccountId}/calls/{callId}", other.Token)).Status);
    }

    [Fact]
    public async Task A_method_the_module_does_not_allow_gets_405_with_the_allow_header()
    {
        var user = await Node.UserAsync("Methods", $"{Unique("m")}.example.com");
        var response = await Node.SendAsync(HttpMethod.Post, $"/v2/accounts/{user.AccountId}/calls", user.Token, """{"data":{}}""");
        Assert.Equal(405, response.Status);
        Assert.Equal("GET", response.Headers["Allow"]);
        Assert.Equal("405", (string)response.Json["error"]!);
        Assert.Equal("invalid_method", (string)response.Json["message"]!);

        var sessions = await Node.SendAsync(HttpMethod.Put, $"/v2/accounts/{user.AccountId}/sessions/abc", user.Token, """{"data":{}}""");
        Assert.Equal(405, sessions.Status);
        Assert.Equal("GET, DELETE", sessions.Headers["Allow"]);
    }

    [Fact]
    public async Task Malformed_json_and_wrong_types_get_400()
    {
        var user = await Node.UserAsync("Bodies", $"{Unique("j")}.example.com");
        var broken = await Node.SendAsync(HttpMethod.Put, $"/v2/accounts/{user.AccountId}", user.Token, """{"data":{"name":""");
        Assert.Equal(400, broken.Status);
        Assert.Equal("parse_error", (string)broken.Json["message"]!);

        var wrongType = await Node.SendAsync(HttpMethod.Put, $"/v2/accounts/{user.AccountId}", user.Token, """{"data":{"name":5,"realm":"x.example.com"}}""");
        Assert.Equal(400, wrongType.Status);
        Assert.Equal("validation failed", (string)wrongType.Json["message"]!);
        Assert.NotNull(wrongType.Data["name"]!["type"]);

        var notAnObject = await Node.SendAsync(HttpMethod.Put, $"/v2/accounts/{user.AccountId}", user.Token, """{"data":[1,2]}""");
        Assert.Equal(400, notAnObject.Status);

        var badRealm = await Node.SendAsync(HttpMethod.Post, $"/v2/accounts/{user.AccountId}", user.Token, """{"data":{"realm":"not a realm; DROP TABLE"}}""");
        Assert.Equal(400, badRealm.Status);

        var unknownField = await Node.SendAsync(HttpMethod.Post, $"/v2/accounts/{user.AccountId}", user.Token, """{"data":{"nmae":"typo"}}""");
        Assert.Equal(400, unknownField.Status);
    }

    [Fact]
    public async Task A_body_over_the_configured_limit_gets_413()
    {
        var user = await Node.UserAsync("Big bodies", $"{Unique("big")}.example.com");
        var big = $$$"""{"data":{"name":"{{{new string('x', 4000)}}}","realm":"big.example.com"}}""";
        var response = await Node.SendAsync(HttpMethod.Put, $"/v2/accounts/{user.AccountId}", user.Token, big);
        Assert.Equal(413, response.Status);
        Assert.Equal("413", (string)response.Json["error"]!);

        var anonymous = await Node.SendAsync(HttpMethod.Put, "/v2/api_auth", null, big);
        Assert.Equal(413, anonymous.Status);
    }

    [Fact]
    public async Task Pagination_returns_every_call_once_newest_first()
    {
        var realm = $"{Unique("p")}.example.com";
        var user = await Node.UserAsync("Pages", realm);
        var ids = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            var id = $"page-{i:D2}-{Guid.NewGuid():N}";
            ids.Add(id);
            // Three calls share each second so that ties on the creation time are crossed by page boundaries.
            await Node.StoreCallAsync(new StoredCall(id, user.AccountId, realm, Base.AddSeconds(i / 3)));
        }

        var seen = new List<string>();
        string? startKey = null;
        var pages = 0;
        do
        {
            var path = $"/v2/accounts/{user.AccountId}/calls?page_size=5" + (startKey is null ? "" : $"&start_key={Uri.EscapeDataString(startKey)}");
            var page = await Node.GetAsync(path, user.Token);
            Assert.Equal(200, page.Status);
            Assert.True(page.Data.AsArray().Count <= 5);
            Assert.Equal(page.Data.AsArray().Count, (int)page.Json["page_size"]!);
            seen.AddRange(page.Data.AsArray().Select(c => (string)c!["id"]!));
            startKey = (string?)page.Json["next_start_key"];
            pages++;
        }
        while (startKey is not null && pages < 20);

        Assert.Equal(5, pages);
        Assert.Equal(ids.Count, seen.Count);
        Assert.Equal(ids.ToHashSet(), seen.ToHashSet());
        var created = seen.Select(id => ids.IndexOf(id) / 3).ToList();
        Assert.Equal(created.OrderByDescending(x => x), created);
    }

    [Fact]
    public async Task Filters_narrow_the_listing()
    {
        var realm = $"{Unique("f")}.example.com";
        var user = await Node.UserAsync("Filters", realm);
        await Node.StoreCallAsync(new StoredCall(Unique("f1-"), user.AccountId, realm, Base, FromUser: "3001"));
        await Node.StoreCallAsync(new StoredCall(Unique("f2-"), user.AccountId, realm, Base.AddHours(1), FromUser: "3002", FinalCode: 486));

        async Task<int> Count(string query) => (await Node.GetAsync($"/v2/accounts/{user.AccountId}/calls?{query}", user.Token)).Data.AsArray().Count;
        Assert.Equal(2, await Count("page_size=50"));
        Assert.Equal(1, await Count("status=busy"));
        Assert.Equal(1, await Count("status=completed"));
        Assert.Equal(1, await Count("from=3002"));
        Assert.Equal(0, await Count("from=9999"));
        Assert.Equal(2, await Count("to=2002&direction=incoming"));
        Assert.Equal(1, await Count($"created_from={Uri.EscapeDataString(Base.AddMinutes(30).ToString("O"))}"));
        Assert.Equal(1, await Count($"created_to={Base.AddMinutes(30).ToUnixTimeSeconds()}"));
        Assert.Equal(1, await Count($"created_to={Base.AddMinutes(30).ToUnixTimeSeconds() + 62_167_219_200}"));
    }

    [Theory]
    [InlineData("/v2/accounts/not-an-account/calls", 404)]
    [InlineData("/v2/accounts/0123456789ABCDEF0123456789ABCDEF/calls", 404)]
    [InlineData("/v2/accounts/{A}/calls/bad%20call%20id", 404)]
    [InlineData("/v2/accounts/{A}/calls/{LONG}", 404)]
    [InlineData("/v2/accounts/{A}/calls?from=%27%20OR%201%3D1%20--", 200)]
    [InlineData("/v2/accounts/{A}/calls?to=%22%3B%20DROP%20TABLE%20calls%3B%20--", 200)]
    [InlineData("/v2/accounts/{A}/calls?page_size=100000", 400)]
    [InlineData("/v2/accounts/{A}/calls?page_size=0", 400)]
    [InlineData("/v2/accounts/{A}/calls?page_size=-3", 400)]
    [InlineData("/v2/accounts/{A}/calls?page_size=abc", 400)]
    [InlineData("/v2/accounts/{A}/calls?page_size=5&page_size=6", 400)]
    [InlineData("/v2/accounts/{A}/calls?start_key=garbage!!", 400)]
    [InlineData("/v2/accounts/{A}/calls?start_key=eyJ4IjoxfQ", 400)]
    [InlineData("/v2/accounts/{A}/calls?status=bogus", 400)]
    [InlineData("/v2/accounts/{A}/calls?status=completed%27--", 400)]
    [InlineData("/v2/accounts/{A}/calls?created_from=yesterday", 400)]
    [InlineData("/v2/accounts/{A}/calls?created_from=2026-01-02&created_to=2026-01-01", 400)]
    [InlineData("/v2/accounts/{A}/calls?sort=asc", 400)]
    [InlineData("/v2/accounts/{A}/calls/{CALL}?verbose=1", 400)]
    [InlineData("/v2/accounts/{A}/nothing_here", 404)]
    [InlineData("/v2/accounts/{A}/calls/x/y/z", 404)]
    [InlineData("/v2/nothing", 404)]
    [InlineData("/v1/accounts", 404)]
    public async Task Bad_input_gets_a_4xx_with_the_error_envelope(string template, int expected)
    {
        var realm = $"{Unique("bad")}.example.com";
        var user = await Node.UserAsync("Bad input", realm);
        var call = Unique("bad-call-");
        await Node.StoreCallAsync(new StoredCall(call, user.AccountId, realm, Base));
        var path = template.Replace("{A}", user.AccountId, StringComparison.Ordinal)
            .Replace("{CALL}", call, StringComparison.Ordinal)
            .Replace("{LONG}", new string('x', 300), StringComparison.Ordinal);

        var response = await Node.GetAsync(path, user.Token);

        Assert.True(expected == response.Status, $"{path}: {response.Status} {response.Body}");
        if (expected != 200)
        {
            Assert.Equal("error", (string)response.Json["status"]!);
            Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), (string)response.Json["error"]!);
            Assert.False(string.IsNullOrEmpty((string?)response.Json["message"]));
        }
        else
        {
            Assert.Empty(response.Data.AsArray());
        }
    }

    [Theory]
    [InlineData("""{"data":{"action":"start","format":"ogg"}}""", 400, "format")]
    [InlineData("""{"data":{"action":"start","format":5}}""", 400, "format")]
    [InlineData("""{"data":{"action":"start","time_limit":-1}}""", 400, "time_limit")]
    [InlineData("""{"data":{"action":"start","time_limit":"60"}}""", 400, "time_limit")]
    [InlineData("""{"data":{"action":"start","record_min_sec":-2}}""", 400, "record_min_sec")]
    [InlineData("""{"data":{"action":"start","url":"ftp://h/r/"}}""", 400, "url")]
    [InlineData("""{"data":{"action":"start","url":"http//missing-colon"}}""", 400, "url")]
    [InlineData("""{"data":{"action":"start","layout":"quad"}}""", 400, "layout")]
    [InlineData("""{"data":{"action":"start","speed":2}}""", 400, "speed")]
    [InlineData("""{"data":{"action":"rewind"}}""", 400, "action")]
    [InlineData("""{"data":{"format":"wav"}}""", 400, "action")]
    [InlineData("""{"data":{"action":"start","format":"wav"}}""", 409, null)]
    [InlineData("""{"data":{"action":"stop"}}""", 409, null)]
    public async Task Recording_requests_with_bad_input_or_for_an_ended_call_get_a_4xx_and_change_nothing(string body, int expected, string? field)
    {
        var realm = $"{Unique("rec")}.example.com";
        var user = await Node.UserAsync("Recorder", realm);
        var callId = Unique("rec-");
        await Node.StoreCallAsync(new StoredCall(callId, user.AccountId, realm, Base));
        var prefix = $"/v2/accounts/{user.AccountId}/calls/{callId}";

        var response = await Node.SendAsync(HttpMethod.Put, $"{prefix}/recording", user.Token, body);
        Assert.Equal(expected, response.Status);
        Assert.Equal("error", (string)response.Json["status"]!);
        if (field is not null)
        {
            Assert.NotNull(response.Json["data"]![field]);
        }
        else
        {
            Assert.Contains(expected == 409 ? "ended" : "", (string)response.Json["data"]!["message"]!, StringComparison.Ordinal);
        }
        var recordings = await Node.GetAsync($"{prefix}/recordings", user.Token);
        Assert.Empty(recordings.Data.AsArray());
        var unknown = await Node.GetAsync($"{prefix}/recordings/0123456789abcdef0123456789abcdef", user.Token);
        Assert.Equal(404, unknown.Status);
        var malformed = await Node.GetAsync($"{prefix}/recordings/not-a-recording-id", user.Token);
        Assert.Equal(404, malformed.Status);
        Assert.Equal("bad identifier", (string)malformed.Json["message"]!);
    }

    [Theory]
    [InlineData("""{"data":{"transfer_to":"1234"}}""", "kind")]
    [InlineData("""{"data":{"kind":"cold","transfer_to":"1234"}}""", "kind")]
    [InlineData("""{"data":{"kind":1,"transfer_to":"1234"}}""", "kind")]
    [InlineData("""{"data":{"kind":"blind"}}""", "transfer_to")]
    [InlineData("""{"data":{"kind":"blind","transfer_to":""}}""", "transfer_to")]
    [InlineData("""{"data":{"kind":"warm","transfer_to":"{LONG}"}}""", "transfer_to")]
    [InlineData("""{"data":{"kind":"blind","transfer_to":"sip:1234@example.com\r\nX-Injected: 1"}}""", "transfer_to")]
    [InlineData("""{"data":{"kind":"blind","transfer_to":1234}}""", "transfer_to")]
    [InlineData("""{"data":{"kind":"blind","transfer_to":"1234","leg":"both"}}""", "leg")]
    [InlineData("""{"data":{"kind":"blind","transfer_to":"1234","fallback":"5678"}}""", "fallback")]
    [InlineData("""{"data":{"kind":"blind","transfer_to":"1234","fallback":["5678",""]}}""", "fallback")]
    [InlineData("""{"data":{"kind":"blind","transfer_to":"1234","fallback":["5678",9]}}""", "fallback")]
    [InlineData("""{"data":{"kind":"blind","transfer_to":"1234","fallback":["1","2","3","4","5","6","7","8","9","10","11"]}}""", "fallback")]
    [InlineData("""{"data":{"kind":"blind","transfer_to":"1234","fallback_action":"retry"}}""", "fallback_action")]
    [InlineData("""{"data":{"kind":"blind","transfer_to":"1234","priority":1}}""", "priority")]
    public async Task A_transfer_request_with_bad_input_gets_400_naming_the_field(string body, string field)
    {
        var realm = $"{Unique("xfer")}.example.com";
        var user = await Node.UserAsync("Transferrer", realm);
        var callId = Unique("xfer-");
        await Node.StoreCallAsync(new StoredCall(callId, user.AccountId, realm, Base));

        var response = await Node.SendAsync(HttpMethod.Post, $"/v2/accounts/{user.AccountId}/calls/{callId}/transfers", user.Token, body.Replace("{LONG}", new string('7', 257), StringComparison.Ordinal));

        Assert.True(response.Status == 400, response.Body);
        Assert.Equal("validation failed", (string)response.Json["message"]!);
        Assert.NotNull(response.Data[field]);
        var transfers = await Node.GetAsync($"/v2/accounts/{user.AccountId}/calls/{callId}/transfers", user.Token);
        Assert.True(transfers.Status == 200, transfers.Body);
        Assert.Empty(transfers.Data.AsArray());
    }

    [Fact]
    public async Task A_transfer_of_an_ended_call_is_refused_and_changes_nothing()
    {
        var realm = $"{Unique("xe")}.example.com";
        var user = await Node.UserAsync("Late transferrer", realm);
        var callId = Unique("xe-");
        await Node.StoreCallAsync(new StoredCall(callId, user.AccountId, realm, Base));
        var transfers = $"/v2/accounts/{user.AccountId}/calls/{callId}/transfers";

        var response = await Node.SendAsync(HttpMethod.Post, transfers, user.Token, """{"data":{"kind":"blind","transfer_to":"sip:3000@example.com"}}""");

        Assert.True(response.Status == 409, response.Body);
        Assert.Equal("error", (string)response.Json["status"]!);
        Assert.Contains("ended", (string)response.Data["message"]!, StringComparison.Ordinal);
        Assert.Empty((await Node.GetAsync(transfers, user.Token)).Data.AsArray());
        var cancel = await Node.SendAsync(HttpMethod.Delete, $"{transfers}/0123456789abcdef0123456789abcdef", user.Token);
        Assert.True(cancel.Status == 404, cancel.Body);
        var get = await Node.GetAsync($"{transfers}/0123456789abcdef0123456789abcdef", user.Token);
        Assert.True(get.Status == 404, get.Body);
        Assert.Contains("transfer_id", (string)get.Data["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transfers_of_an_unknown_call_and_transfer_ids_of_the_wrong_shape_get_404()
    {
        var realm = $"{Unique("xf")}.example.com";
        var user = await Node.UserAsync("Transfer ids", realm);
        var callId = Unique("xf-");
        await Node.StoreCallAsync(new StoredCall(callId, user.AccountId, realm, Base));
        var unknown = $"/v2/accounts/{user.AccountId}/calls/{Unique("nocall-")}/transfers";
        const string Transfer = "0123456789abcdef0123456789abcdef";

        var start = await Node.SendAsync(HttpMethod.Post, unknown, user.Token, """{"data":{"kind":"blind","transfer_to":"sip:3000@example.com"}}""");
        Assert.Equal(404, start.Status);
        Assert.Equal("bad identifier", (string)start.Json["message"]!);
        Assert.Contains("no call", (string)start.Data["message"]!, StringComparison.Ordinal);
        Assert.Equal(404, (await Node.GetAsync(unknown, user.Token)).Status);
        Assert.Equal(404, (await Node.GetAsync($"{unknown}/{Transfer}", user.Token)).Status);
        Assert.Equal(404, (await Node.SendAsync(HttpMethod.Delete, $"{unknown}/{Transfer}", user.Token)).Status);
        Assert.Equal(404, (await Node.SendAsync(HttpMethod.Post, $"{unknown}/{Transfer}", user.Token, """{"data":{"action":"complete"}}""")).Status);

        foreach (var malformed in new[] { "not-a-transfer-id", Transfer.ToUpperInvariant(), Transfer[..31], Transfer + "0" })
        {
            var path = $"/v2/accounts/{user.AccountId}/calls/{callId}/transfers/{malformed}";
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete, HttpMethod.Post })
            {
                var response = await Node.SendAsync(method, path, user.Token, method == HttpMethod.Post ? """{"data":{"action":"complete"}}""" : null);
                Assert.True(response.Status == 404, $"{method} {path}: {response.Status} {response.Body}");
                Assert.Equal("bad identifier", (string)response.Json["message"]!);
                Assert.Contains("transfer_id", (string)response.Data["message"]!, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("""{"data":{}}""", "action")]
    [InlineData("""{"data":{"action":"cancel"}}""", "action")]
    [InlineData("""{"data":{"action":true}}""", "action")]
    [InlineData("""{"data":{"action":"complete","target":"1234"}}""", "target")]
    public async Task Completing_a_transfer_takes_only_action_complete(string body, string field)
    {
        var realm = $"{Unique("xc")}.example.com";
        var user = await Node.UserAsync("Completer", realm);
        var callId = Unique("xc-");
        await Node.StoreCallAsync(new StoredCall(callId, user.AccountId, realm, Base));

        var response = await Node.SendAsync(HttpMethod.Post, $"/v2/accounts/{user.AccountId}/calls/{callId}/transfers/0123456789abcdef0123456789abcdef", user.Token, body);

        Assert.True(response.Status == 400, response.Body);
        Assert.NotNull(response.Data[field]);
    }

    [Theory]
    [InlineData("""{"data":{"callee":"sip:2002@example.com"}}""", "caller")]
    [InlineData("""{"data":{"caller":"1001"}}""", "callee")]
    [InlineData("""{"data":{"caller":"1001","callee":""}}""", "callee")]
    [InlineData("""{"data":{"caller":1001,"callee":"2002"}}""", "caller")]
    [InlineData("""{"data":{"caller":"{LONG}","callee":"2002"}}""", "caller")]
    [InlineData("""{"data":{"caller":"1001","callee":"2002","trunk":""}}""", "trunk")]
    [InlineData("""{"data":{"caller":"1001","callee":"2002","trunk":"{TRUNK}"}}""", "trunk")]
    [InlineData("""{"data":{"caller":"1001","callee":"2002","caller_display_name":"Alice\r\nX-Injected: 1"}}""", "caller_display_name")]
    [InlineData("""{"data":{"caller":"1001","callee":"2002","record":true}}""", "record")]
    public async Task A_click_to_call_request_with_bad_input_gets_400_naming_the_field(string body, string field)
    {
        var user = await Node.UserAsync("Clicker", $"{Unique("ctc")}.example.com");
        body = body.Replace("{LONG}", new string('1', 257), StringComparison.Ordinal).Replace("{TRUNK}", new string('t', 65), StringComparison.Ordinal);

        var response = await Node.SendAsync(HttpMethod.Post, $"/v2/accounts/{user.AccountId}/sessions", user.Token, body);

        Assert.True(response.Status == 400, response.Body);
        Assert.Equal("validation failed", (string)response.Json["message"]!);
        Assert.NotNull(response.Data[field]);
    }

    [Theory]
    [InlineData("hold")]
    [InlineData("unhold")]
    public async Task Hold_and_unhold_refuse_a_bad_party_and_answer_404_for_a_session_that_is_not_active(string action)
    {
        var realm = $"{Unique("hold")}.example.com";
        var user = await Node.UserAsync("Holder", realm);
        // An ended call is no session, even though the read model knows it.
        var ended = Unique("held-");
        await Node.StoreCallAsync(new StoredCall(ended, user.AccountId, realm, Base));
        var prefix = $"/v2/accounts/{user.AccountId}/sessions";

        foreach (var session in new[] { ended, Unique("nosession-") })
        {
            foreach (var body in new[] { null, "", """{"data":{}}""", """{"data":{"party":"caller"}}""" })
            {
                var response = await Node.SendAsync(HttpMethod.Post, $"{prefix}/{session}/{action}", user.Token, body);
                Assert.True(response.Status == 404, $"body '{body}': {response.Status} {response.Body}");
                Assert.Equal("bad identifier", (string)response.Json["message"]!);
                Assert.Contains("no active session", (string)response.Data["message"]!, StringComparison.Ordinal);
            }
        }

        var badParty = await Node.SendAsync(HttpMethod.Post, $"{prefix}/{ended}/{action}", user.Token, """{"data":{"party":"both"}}""");
        Assert.Equal(400, badParty.Status);
        Assert.NotNull(badParty.Data["party"]);
        var unknownField = await Node.SendAsync(HttpMethod.Post, $"{prefix}/{ended}/{action}", user.Token, """{"data":{"party":"callee","music":"jazz"}}""");
        Assert.Equal(400, unknownField.Status);
        Assert.NotNull(unknownField.Data["music"]);
        var broken = await Node.SendAsync(HttpMethod.Post, $"{prefix}/{ended}/{action}", user.Token, """{"data":""");
        Assert.Equal(400, broken.Status);
        Assert.Equal("parse_error", (string)broken.Json["message"]!);
    }

    [Fact]
    public async Task A_stored_call_shows_its_detail_insights_events_and_inspection()
    {
        var realm = $"{Unique("d")}.example.com";
        var user = await Node.UserAsync("Detail", realm);
        var callId = Unique("detail-");
        await Node.StoreCallAsync(new StoredCall(callId, user.AccountId, realm, Base));
        var prefix = $"/v2/accounts/{user.AccountId}";

        var detail = await Node.GetAsync($"{prefix}/calls/{callId}", user.Token);
        Assert.Equal(200, detail.Status);
        Assert.Equal("completed", (string)detail.Data["status"]!);
        Assert.Equal(10, (long)detail.Data["duration"]!);
        Assert.Equal("1001", (string)detail.Data["from_user"]!);
        Assert.Equal($"b-{callId}", (string)detail.Data["other_leg_call_id"]!);

        // The B leg's Call-ID finds the same call.
        var byOtherLeg = await Node.GetAsync($"{prefix}/calls/b-{callId}", user.Token);
        Assert.Equal(callId, (string)byOtherLeg.Data["id"]!);

        var insights = await Node.GetAsync($"{prefix}/calls/{callId}/insights", user.Token);
        Assert.Equal(200, insights.Status);
        Assert.Equal(callId, (string)insights.Data["id"]!);
        Assert.Equal("NORMAL_CLEARING", (string)insights.Data["hangup_cause"]!);
        Assert.Equal(16, (int)insights.Data["hangup_cause_code"]!);
        Assert.Equal("caller", (string)insights.Data["hangup_source"]!);
        Assert.NotNull(insights.Data["signalling_metrics"]);

        var events = await Node.GetAsync($"{prefix}/calls/{callId}/events", user.Token);
        var types = events.Data.AsArray().Select(e => (string)e!["event_type"]!).ToList();
        Assert.Contains("call.created", types);
        Assert.Contains("call.answered", types);
        Assert.Contains("call.ended", types);
        Assert.Contains(events.Data.AsArray(), e => (int?)e!["sip_status_code"] == 200 && (string?)e["leg"] == "callee");

        var inspection = await Node.GetAsync($"{prefix}/call_inspector/{callId}", user.Token);
        Assert.Equal(200, inspection.Status);
        var messages = inspection.Data["messages"]!.AsArray();
        Assert.Equal(3, messages.Count);
        Assert.StartsWith("INVITE ", (string)messages[0]!["label"]!);
        Assert.Equal(["127.0.0.9:5060", "127.0.0.1:5060", "127.0.0.10:5070"], inspection.Data["dialog_entities"]!.AsArray().Select(e => (string)e!).ToArray());
        Assert.NotNull(inspection.Data["analysis"]);

        var listing = await Node.GetAsync($"{prefix}/call_inspector", user.Token);
        Assert.Equal([callId], listing.Data.AsArray().Select(c => (string)c!["id"]!).ToArray());
    }

    [Fact]
    public async Task Accounts_can_be_created_read_updated_listed_and_deleted()
    {
        var parent = await Node.UserAsync("Parent", $"{Unique("pa")}.example.com");
        var childRealm = $"{Unique("ch")}.example.com";
        var created = await Node.SendAsync(HttpMethod.Put, $"/v2/accounts/{parent.AccountId}", parent.Token, $$$"""{"data":{"name":"Child","realm":"{{{childRealm.ToUpperInvariant()}}}","is_reseller":false}}""");
        Assert.Equal(201, created.Status);
        var childId = (string)created.Data["account"]!["id"]!;
        Assert.Matches("^[0-9a-f]{32}$", childId);
        Assert.Equal(parent.AccountId, (string)created.Data["account"]!["parent_id"]!);
        Assert.Equal(childRealm, (string)created.Data["account"]!["realm"]!);
        Assert.Matches("^[0-9a-f]{64}$", (string)created.Data["api_key"]!);

        var duplicate = await Node.SendAsync(HttpMethod.Put, $"/v2/accounts/{parent.AccountId}", parent.Token, $$$"""{"data":{"name":"Copy","realm":"{{{childRealm}}}"}}""");
        Assert.Equal(409, duplicate.Status);

        var children = await Node.GetAsync($"/v2/accounts/{parent.AccountId}/children", parent.Token);
        Assert.Equal([childId], children.Data.AsArray().Select(c => (string)c!["id"]!).ToArray());

        var renamed = await Node.SendAsync(HttpMethod.Post, $"/v2/accounts/{childId}", parent.Token, """{"data":{"name":"Renamed"}}""");
        Assert.Equal(200, renamed.Status);
        Assert.Equal("Renamed", (string)(await Node.GetAsync($"/v2/accounts/{childId}", parent.Token)).Data["name"]!);

        var selfDelete = await Node.SendAsync(HttpMethod.Delete, $"/v2/accounts/{parent.AccountId}", parent.Token);
        Assert.Equal(403, selfDelete.Status);

        var childToken = await Node.TokenAsync((string)created.Data["api_key"]!);
        Assert.Equal(200, (await Node.SendAsync(HttpMethod.Delete, $"/v2/accounts/{childId}", parent.Token)).Status);
        Assert.Equal(404, (await Node.GetAsync($"/v2/accounts/{childId}", parent.Token)).Status);
        // The deleted account's token stops working at once.
        Assert.Equal(401, (await Node.GetAsync($"/v2/accounts/{childId}", childToken)).Status);
    }

    [Fact]
    public async Task About_health_metrics_and_openapi_answer()
    {
        var user = await Node.UserAsync("About", $"{Unique("ab")}.example.com");
        var about = await Node.GetAsync("/v2/about", user.Token);
        Assert.Equal(200, about.Status);
        Assert.Equal("node1", (string)about.Data["node"]!);
        Assert.Contains("cb_calls", about.Data["running_modules"]!.AsArray().Select(m => (string)m!));
        Assert.Equal(401, (await Node.GetAsync("/v2/about", null)).Status);

        var health = await Node.GetAsync("/healthz", null);
        Assert.Equal(200, health.Status);
        Assert.Equal("ok", (string)health.Json["status"]!);

        var metrics = await Node.GetAsync("/metrics", null);
        Assert.Equal(200, metrics.Status);
        Assert.StartsWith("text/plain; version=0.0.4", metrics.Headers["Content-Type"]);
        Assert.Contains("callactors_edge_http_requests_total{", metrics.Body);
        Assert.Contains("module=\"cb_about\"", metrics.Body);
        Assert.Contains("callactors_persistence_journal_write_duration_seconds_bucket", metrics.Body);

        var openApi = await Node.GetAsync("/v2/openapi.json", null);
        Assert.Equal("3.0.3", (string)openApi.Json["openapi"]!);
        Assert.NotNull(openApi.Json["paths"]!["/v2/accounts/{ACCOUNT_ID}/calls/{CALL_ID}/insights"]!["get"]);
        Assert.NotNull(openApi.Json["paths"]!["/v2/accounts/{ACCOUNT_ID}/sessions/{SESSION_ID}"]!["delete"]);
        Assert.NotNull(openApi.Json["paths"]!["/v2/accounts/{ACCOUNT_ID}/calls/{CALL_ID}/transfers/{TRANSFER_ID}"]!["post"]);
        Assert.True((bool)openApi.Json["paths"]!["/v2/accounts/{ACCOUNT_ID}/sessions"]!["post"]!["requestBody"]!["required"]!);
        Assert.False((bool)openApi.Json["paths"]!["/v2/accounts/{ACCOUNT_ID}/sessions/{SESSION_ID}/hold"]!["post"]!["requestBody"]!["required"]!);
    }
}
