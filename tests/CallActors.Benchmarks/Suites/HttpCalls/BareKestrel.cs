using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallActors.Benchmarks.Suites.HttpCalls;

/// <summary>The baseline: Kestrel alone (<c>WebApplication.CreateSlimBuilder</c>, no logging, no Server header, as the
/// node's edge sets it up) answering each route with the bytes the node answered for one call, whatever the ids in
/// the path. What is left between it and the node is the edge's own work: routing and the token check, the lookup, the
/// actor (for the inspector) and the JSON.</summary>
internal sealed class BareKestrel : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareKestrel(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<BareKestrel> StartAsync(IPAddress address, IEnumerable<(ApiRoute Route, CapturedResponse Response)> routes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, 0);
        });
        var app = builder.Build();
        foreach (var (route, response) in routes)
        {
            app.MapGet(route.Pattern, http =>
            {
                http.Response.ContentType = response.ContentType;
                http.Response.ContentLength = response.Body.Length;
                return http.Response.Body.WriteAsync(response.Body, http.RequestAborted).AsTask();
            });
        }
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BareKestrel(app, new Uri(bound));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A response body and its content type, as the node sent them.</summary>
internal sealed record CapturedResponse(byte[] Body, string ContentType)
{
    public static async Task<CapturedResponse> GetAsync(HttpClient client, Uri path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode == HttpStatusCode.OK
            ? new CapturedResponse(body, response.Content.Headers.ContentType?.ToString() ?? "")
            : throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
    }
}
