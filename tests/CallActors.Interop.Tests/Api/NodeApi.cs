using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallActors.Interop.Tests.Infrastructure;
using CallActors.Node.Tests;

namespace CallActors.Interop.Tests.Api;

/// <summary>A node's HTTP API as the README tells a newcomer to use it: an account made with <c>callactors sup</c>,
/// its API key traded for a token, then requests with <c>X-Auth-Token</c> under <c>/v2/accounts/{ACCOUNT_ID}/</c>.</summary>
internal sealed class NodeApi : IDisposable
{
    public const int HttpPort = 8000;

    private NodeApi(HttpClient http, string accountId, string token)
    {
        Http = http;
        AccountId = accountId;
        Token = token;
    }

    public HttpClient Http { get; }

    public string AccountId { get; }

    public string Token { get; }

    /// <summary>The settings that put the node's API on its own address (with <see cref="HttpPort"/>).</summary>
    public static IReadOnlyList<string> Sets(Loopback net) =>
        [$"callactors.crossbar.bind-address=\"{net.Node}\"", $"callactors.crossbar.port={HttpPort}"];

    public static HttpClient Client(Loopback net) => new() { BaseAddress = new Uri($"http://{net.Node}:{HttpPort}"), Timeout = TimeSpan.FromSeconds(20) };

    public static (int ExitCode, string Stdout, string Stderr) Sup(InteropNode node, params string[] args) =>
        NodeProcess.Run(["sup", .. args, "--data-dir", node.DataDir], TimeSpan.FromSeconds(60));

    /// <summary>Creates an account for <paramref name="realm"/> with the real <c>callactors sup</c> and logs in.</summary>
    public static async Task<NodeApi> LoginAsync(InteropNode node, Loopback net, string realm)
    {
        var http = Client(net);
        var created = Sup(node, "crossbar_maintenance", "create_account", "Interop", realm);
        Assert.True(created.ExitCode == 0, created.Stderr);
        var account = JsonNode.Parse(created.Stdout)!;
        using var auth = await http.PutAsJsonAsync("/v2/api_auth", new { data = new { api_key = (string)account["api_key"]! } });
        var body = JsonNode.Parse(await auth.Content.ReadAsStringAsync())!;
        Assert.Equal(201, (int)auth.StatusCode);
        return new NodeApi(http, (string)account["account_id"]!, (string)body["auth_token"]!);
    }

    /// <summary>The same account and token against a node restarted on the same data folder (both outlive a restart).</summary>
    public NodeApi Reconnect(Loopback net) => new(Client(net), AccountId, Token);

    /// <summary>The <c>data</c> of a successful GET under the account (the test fails on an error status).</summary>
    public async Task<JsonNode> GetDataAsync(string relative)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, relative);
        Assert.True(status is >= 200 and < 300, $"{relative}: {status} {body?.ToJsonString()}");
        return body!["data"]!;
    }

    /// <summary>Any request under the account: its status and parsed envelope (null for a non-JSON body).</summary>
    public async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string relative, object? data = null)
    {
        using var response = await SendRawAsync(method, relative, data);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? body = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            body = JsonNode.Parse(text);
        }
        return ((int)response.StatusCode, body);
    }

    public async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string relative, object? data = null)
    {
        using var request = new HttpRequestMessage(method, $"/v2/accounts/{AccountId}/{relative}");
        request.Headers.Add("X-Auth-Token", Token);
        if (data is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(new { data }), Encoding.UTF8, "application/json");
        }
        return await Http.SendAsync(request);
    }

    public async Task<int> StatusAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Auth-Token", Token);
        using var response = await Http.SendAsync(request);
        return (int)response.StatusCode;
    }

    public void Dispose() => Http.Dispose();
}
