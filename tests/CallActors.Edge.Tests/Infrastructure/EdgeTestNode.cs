using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallActors.Actors;
using CallActors.Calls;
using CallActors.Calls.Dialogue;
using CallActors.Calls.Status;
using CallActors.Edge.Hosting;
using CallActors.Node;
using CallActors.Node.Admin;
using CallActors.Node.Commands;
using CallActors.Node.Configuration;
using CallActors.Persistence;
using CallActors.Persistence.Journal;
using CallActors.Sip.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallActors.Edge.Tests.Infrastructure;

/// <summary>A whole node in this process (SQLite journal in a temp folder, SIP and HTTP on the test's own loopback
/// address, ephemeral ports), with helpers to create accounts, get tokens and store calls in its journal.</summary>
internal sealed class EdgeTestNode : IAsyncDisposable
{
    private readonly TempDirectory _folder;

    private EdgeTestNode(TempDirectory folder, IHost host)
    {
        _folder = folder;
        Host = host;
        var admin = (NodeAdminCommands)host.Services.GetRequiredService<IAdminCommands>();
        Edge = admin.Edge ?? throw new InvalidOperationException("the edge did not start");
        System = host.Services.GetRequiredService<ActorSystem>();
        Client = new HttpClient { BaseAddress = Edge.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public IHost Host { get; }

    public EdgeNode Edge { get; }

    public ActorSystem System { get; }

    public HttpClient Client { get; }

    public string DataDir => Path.Combine(_folder.Path, "data");

    public static async Task<EdgeTestNode> StartAsync(string address, params string[] sets)
    {
        var folder = new TempDirectory();
        List<string> arguments =
        [
            "node", "--data-dir", Path.Combine(folder.Path, "data"),
            "--set", $"callactors.sip.bind-address=\"{address}\"", "--set", "callactors.sip.port=0",
            "--set", $"callactors.crossbar.bind-address=\"{address}\"", "--set", "callactors.crossbar.port=0",
            "--set", "callactors.media.relay=off",
        ];
        foreach (var set in sets)
        {
            arguments.AddRange(["--set", set]);
        }
        var (configuration, options) = NodeConfiguration.Load(NodeArguments.Parse(arguments));
        Directory.CreateDirectory(options.DataDir);
        var host = NodeHost.Build(configuration, options);
        await host.StartAsync();
        return new EdgeTestNode(folder, host);
    }

    /// <summary>Runs a <c>crossbar_maintenance</c> function as <c>callactors sup</c> would.</summary>
    public Task<(int ExitCode, string Output)> SupAsync(string function, params string[] args) =>
        Edge.Maintenance.RunAsync(function, args, CancellationToken.None);

    public async Task<(string AccountId, string ApiKey)> CreateAccountAsync(string name, string realm)
    {
        var (exit, output) = await SupAsync("create_account", name, realm);
        Assert.True(exit == 0, output);
        var json = JsonNode.Parse(output)!;
        return ((string)json["account_id"]!, (string)json["api_key"]!);
    }

    public async Task<string> TokenAsync(string apiKey)
    {
        using var response = await Client.PutAsJsonAsync("/v2/api_auth", new { data = new { api_key = apiKey } });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return (string)JsonNode.Parse(body)!["auth_token"]!;
    }

    /// <summary>An account with a token, ready to call the API.</summary>
    public async Task<ApiUser> UserAsync(string name, string realm)
    {
        var (id, key) = await CreateAccountAsync(name, realm);
        return new ApiUser(id, key, await TokenAsync(key));
    }

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? token, string? body = null, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Add("X-Auth-Token", token);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body, global::System.Text.Encoding.UTF8, "application/json");
        }
        foreach (var (key, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse((int)response.StatusCode, text, response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase));
    }

    public Task<ApiResponse> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token);

    /// <summary>Stores a finished call in the journal as a node would have (started, SIP messages, ringing, answered,
    /// ended); the read model picks it up by itself.</summary>
    public async Task StoreCallAsync(StoredCall call)
    {
        var persistence = PersistenceExtension.Get(System);
        var events = call.Events().ToList();
        var representations = events.Select((e, i) =>
        {
            var (manifest, payload) = persistence.Serializer.Serialize(e);
            return new PersistentRepresentation($"call-{call.CallId}", i + 1, manifest, payload, "test", call.CreatedAt, []);
        }).ToList();
        var results = await persistence.Journal.WriteAsync([new AtomicWrite(representations)]);
        Assert.Null(results[0]);
        // Listings read the read model, which follows the journal within its poll interval: wait for it here.
        await Edge.Services.Projector.CatchUpAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.StopAsync();
        Host.Dispose();
        _folder.Dispose();
    }
}

/// <summary>An account, its API key and a token for it.</summary>
internal sealed record ApiUser(string AccountId, string ApiKey, string Token);

/// <summary>An HTTP answer: status, body and headers.</summary>
internal sealed record ApiResponse(int Status, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new JsonException("empty body");

    public JsonNode Data => Json["data"]!;
}

/// <summary>A call to store in the journal: enough to look like one the B2BUA handled.</summary>
internal sealed record StoredCall(string CallId, string? AccountId, string Realm, DateTimeOffset CreatedAt, string FromUser = "1001", string ToUser = "2002", int FinalCode = 200)
{
    public IEnumerable<object> Events()
    {
        var calleeCallId = $"b-{CallId}";
        yield return new CallStarted(CallId, CallId, calleeCallId, $"\"Alice\" <sip:{FromUser}@{Realm}>;tag=a1", $"<sip:{ToUser}@{Realm}>",
            $"sip:{ToUser}@{Realm}", "sipp", "127.0.0.9:5060", "test-route", AccountId, $"sip:{ToUser}@127.0.0.10:5070", "node1", CreatedAt);
        yield return new SipMessagesRecorded([
            Chunk(CallId, CreatedAt, $"INVITE sip:{ToUser}@{Realm} SIP/2.0", "127.0.0.9:5060", "127.0.0.1:5060", "1 INVITE", CallLeg.Caller, SipTraceDirection.Received),
            Chunk(calleeCallId, CreatedAt.AddMilliseconds(2), $"INVITE sip:{ToUser}@127.0.0.10:5070 SIP/2.0", "127.0.0.1:5060", "127.0.0.10:5070", "1 INVITE", CallLeg.Callee, SipTraceDirection.Sent),
            Chunk(calleeCallId, CreatedAt.AddMilliseconds(300), FinalCode == 200 ? "SIP/2.0 200 OK" : $"SIP/2.0 {FinalCode} Busy Here", "127.0.0.10:5070", "127.0.0.1:5060", "1 INVITE", CallLeg.Callee, SipTraceDirection.Received),
        ]);
        var status = CallStatusState.Start(CreatedAt);
        if (FinalCode == 200)
        {
            status = status with { Status = CallStatus.Ongoing, AnsweredAt = CreatedAt.AddMilliseconds(300), Pdd = TimeSpan.FromMilliseconds(300), FinalSipCode = 200 };
            yield return new CallAnswered(status);
            yield return new CallEnded(status with { Status = CallStatus.Completed, EndedAt = CreatedAt.AddSeconds(10), HangupCause = "NORMAL_CLEARING", HangupSource = HangupSource.Caller });
        }
        else
        {
            yield return new CallEnded(status with { Status = CallStatus.Busy, EndedAt = CreatedAt.AddMilliseconds(300), FinalSipCode = FinalCode, HangupCause = "USER_BUSY", HangupSource = HangupSource.Callee });
        }
    }

    private static DialogueChunk Chunk(string sipCallId, DateTimeOffset at, string label, string src, string dst, string cseq, CallLeg leg, SipTraceDirection direction) =>
        new(sipCallId, at, label, [label, $"Call-ID: {sipCallId}", $"CSeq: {cseq}", ""], src, dst, $"node1/{leg.ToString().ToLowerInvariant()}", cseq, leg, direction);
}
