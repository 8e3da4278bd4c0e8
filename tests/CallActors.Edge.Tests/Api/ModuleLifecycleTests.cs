using System.Collections.Concurrent;
using CallActors.Edge.Tests.Infrastructure;

namespace CallActors.Edge.Tests.Api;

/// <summary>Modules stopped and started on a running node: routes disappear (404) and come back without a restart,
/// and requests keep flowing through the change without a single 5xx.</summary>
public sealed class ModuleLifecycleTests(LifecycleNodeFixture fixture) : IClassFixture<LifecycleNodeFixture>
{
    private EdgeTestNode Node => fixture.Node;

    [Fact]
    public async Task A_stopped_module_answers_404_and_a_started_one_answers_again()
    {
        var user = await Node.UserAsync("Lifecycle", "lifecycle.example.com");
        var path = $"/v2/accounts/{user.AccountId}/call_inspector";
        Assert.Equal(200, (await Node.GetAsync(path, user.Token)).Status);

        var (exit, output) = await Node.SupAsync("stop_module", "cb_call_inspector");
        Assert.Equal(0, exit);
        Assert.Contains("stopped cb_call_inspector", output);
        var stopped = await Node.GetAsync(path, user.Token);
        Assert.Equal(404, stopped.Status);
        Assert.Equal("not_found", (string)stopped.Json["message"]!);
        var (_, running) = await Node.SupAsync("running_modules");
        Assert.DoesNotContain("cb_call_inspector", running);
        Assert.Contains("cb_calls", running);
        var openApi = await Node.GetAsync("/v2/openapi.json", null);
        Assert.DoesNotContain("call_inspector", openApi.Body);
        Assert.Equal(200, (await Node.GetAsync($"/v2/accounts/{user.AccountId}/calls", user.Token)).Status);

        (exit, output) = await Node.SupAsync("start_module", "cb_call_inspector");
        Assert.Equal(0, exit);
        Assert.Equal(200, (await Node.GetAsync(path, user.Token)).Status);
        (_, running) = await Node.SupAsync("running_modules");
        Assert.Contains("cb_call_inspector", running);
    }

    [Fact]
    public async Task Unknown_modules_functions_and_arguments_are_refused_with_a_message()
    {
        var (exit, output) = await Node.SupAsync("start_module", "cb_nope");
        Assert.Equal(64, exit);
        Assert.Contains("unknown module 'cb_nope'", output);
        Assert.Contains("cb_calls", output);
        (exit, output) = await Node.SupAsync("frobnicate");
        Assert.Equal(64, exit);
        Assert.Contains("unknown function", output);
        (exit, output) = await Node.SupAsync("stop_module");
        Assert.Equal(64, exit);
        Assert.Contains("usage: stop_module NAME", output);
        (exit, output) = await Node.SupAsync("create_account", "Name", "not a realm");
        Assert.Equal(65, exit);
        Assert.Contains("realm", output);
    }

    [Fact]
    public async Task Requests_flowing_through_stop_and_start_never_see_a_5xx()
    {
        var user = await Node.UserAsync("Flowing", "flowing.example.com");
        var path = $"/v2/accounts/{user.AccountId}/calls";
        var statuses = new ConcurrentBag<int>();
        using var done = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                statuses.Add((await Node.GetAsync(path, user.Token)).Status);
            }
        })).ToList();

        for (var round = 0; round < 5; round++)
        {
            await Task.Delay(50);
            Assert.Equal(0, (await Node.SupAsync("stop_module", "cb_calls")).ExitCode);
            await Task.Delay(50);
            Assert.Equal(0, (await Node.SupAsync("start_module", "cb_calls")).ExitCode);
        }
        await Task.Delay(50);
        await done.CancelAsync();
        await Task.WhenAll(workers);

        Assert.All(statuses, s => Assert.True(s is 200 or 404, $"status {s}"));
        Assert.Contains(200, statuses);
        Assert.Contains(404, statuses);
        Assert.DoesNotContain(statuses, s => s >= 500);
    }
}
