using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using CallActors.Node.Admin;
using CallActors.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CallActors.Node.Tests.Admin;

public sealed class AdminSocketServerTests
{
    private static readonly AdminReply Ok = new(0, "ok");

    [Fact]
    public async Task Sup_delivers_module_function_and_args_intact_and_prints_the_output_on_stdout()
    {
        using var dir = new TempDirectory();
        var commands = new FakeAdminCommands(new AdminReply(0, "cb_x started\ncb_y running"));
        await using var server = Start(dir, commands);

        var (exitCode, stdout, stderr) = await Sup.RunAsync(dir.Path, "crossbar_maintenance", "start_module", "cb_x", "two words", "quote\" back\\slash", "ünïcødé ☎", "");

        Assert.Equal(0, exitCode);
        Assert.Equal($"cb_x started\ncb_y running{Environment.NewLine}", stdout);
        Assert.Empty(stderr);
        var request = Assert.Single(commands.Received);
        Assert.Equal("crossbar_maintenance", request.Module);
        Assert.Equal("start_module", request.Function);
        Assert.Equal(["cb_x", "two words", "quote\" back\\slash", "ünïcødé ☎", ""], request.Args);
    }

    [Fact]
    public async Task Sup_prints_a_failing_reply_on_stderr_and_exits_with_its_code()
    {
        using var dir = new TempDirectory();
        await using var server = Start(dir, new FakeAdminCommands(new AdminReply(3, "no such module cb_nope\n")));

        var (exitCode, stdout, stderr) = await Sup.RunAsync(dir.Path, "crossbar_maintenance", "start_module", "cb_nope");

        Assert.Equal(3, exitCode);
        Assert.Empty(stdout);
        Assert.Equal("no such module cb_nope\n", stderr);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task The_socket_file_is_readable_and_writable_by_its_owner_only()
    {
        using var dir = new TempDirectory();
        await using var server = Start(dir, new FakeAdminCommands(Ok));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(AdminSocketServer.SocketPath(dir.Path)));
    }

    [Theory]
    [InlineData("not json at all\n", "not valid JSON")]
    [InlineData("[\"crossbar_maintenance\"]\n", "must be a JSON object")]
    [InlineData("{\"function\":\"running_modules\",\"args\":[]}\n", "'module' must be a non-empty string")]
    [InlineData("{\"module\":\"m\",\"function\":\"f\",\"args\":[1]}\n", "'args' must be an array of strings")]
    [InlineData("{\"module\":\"m\\nforged log line\",\"function\":\"f\"}\n", "'module' must be a non-empty string without control characters")]
    [InlineData("{\"module\":\"m\",\"function\":\"f\",\"args\":[\"\\ud800\"]}\n", "not valid text")]
    [InlineData("\n", "not valid JSON")]
    public async Task A_malformed_request_gets_64_and_the_server_still_answers_the_next_one(string request, string problem)
    {
        using var dir = new TempDirectory();
        var commands = new FakeAdminCommands(Ok);
        await using var server = Start(dir, commands);
        var socketPath = AdminSocketServer.SocketPath(dir.Path);

        var (exitCode, output) = await RawAdminClient.SendAsync(socketPath, Encoding.UTF8.GetBytes(request));

        Assert.Equal(64, exitCode);
        Assert.StartsWith("malformed request: ", output, StringComparison.Ordinal);
        Assert.Contains(problem, output, StringComparison.Ordinal);
        Assert.Empty(commands.Received);
        Assert.Equal((0, "ok"), await RawAdminClient.SendAsync(socketPath, "{\"module\":\"m\",\"function\":\"f\",\"args\":[]}\n"u8.ToArray()));
    }

    [Fact]
    public async Task A_request_line_over_64_KiB_gets_64()
    {
        using var dir = new TempDirectory();
        var commands = new FakeAdminCommands(Ok);
        await using var server = Start(dir, commands);
        var request = Encoding.UTF8.GetBytes($"{{\"module\":\"m\",\"function\":\"f\",\"args\":[\"{new string('x', 64 * 1024)}\"]}}\n");

        var (exitCode, output) = await RawAdminClient.SendAsync(AdminSocketServer.SocketPath(dir.Path), request);

        Assert.Equal(64, exitCode);
        Assert.Contains("longer than 65536 bytes", output, StringComparison.Ordinal);
        Assert.Empty(commands.Received);
    }

    [Fact]
    public async Task A_request_ended_by_closing_the_connection_instead_of_a_newline_is_still_run()
    {
        using var dir = new TempDirectory();
        var commands = new FakeAdminCommands(Ok);
        await using var server = Start(dir, commands);
        using var socket = RawAdminClient.Connect(AdminSocketServer.SocketPath(dir.Path));

        await socket.SendAsync("{\"module\":\"m\",\"function\":\"f\"}"u8.ToArray(), SocketFlags.None);
        socket.Shutdown(SocketShutdown.Send);

        Assert.Equal((0, "ok"), await RawAdminClient.ReadReplyAsync(socket));
        Assert.Empty(Assert.Single(commands.Received).Args);
    }

    [Fact]
    public async Task A_silent_connection_does_not_hold_up_other_requests_and_is_answered_64_after_5_s()
    {
        using var dir = new TempDirectory();
        await using var server = Start(dir, new FakeAdminCommands(Ok));
        using var silent = RawAdminClient.Connect(AdminSocketServer.SocketPath(dir.Path));
        var silentReply = RawAdminClient.ReadReplyAsync(silent);

        var (exitCode, stdout, _) = await Sup.RunAsync(dir.Path, "m", "f");

        Assert.Equal((0, "ok\n"), (exitCode, stdout.ReplaceLineEndings("\n")));
        Assert.False(silentReply.IsCompleted);
        var (silentExitCode, silentOutput) = await silentReply;
        Assert.Equal(64, silentExitCode);
        Assert.Contains("no request line within 5 s", silentOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_handler_that_throws_gives_70_internal_error_and_is_logged()
    {
        using var dir = new TempDirectory();
        var logger = new ListLogger<AdminSocketServer>();
        await using var server = AdminSocketServer.Start(
            AdminSocketServer.SocketPath(dir.Path),
            new FakeAdminCommands((_, _) => throw new InvalidOperationException("the database is gone")),
            logger);

        var (exitCode, stdout, stderr) = await Sup.RunAsync(dir.Path, "crossbar_maintenance", "flush");

        Assert.Equal(70, exitCode);
        Assert.Empty(stdout);
        Assert.Contains("internal error: the database is gone", stderr, StringComparison.Ordinal);
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Error && l.Text.Contains("crossbar_maintenance flush", StringComparison.Ordinal));
        Assert.Equal(70, (await Sup.RunAsync(dir.Path, "crossbar_maintenance", "flush")).ExitCode);
    }

    [Fact]
    public async Task The_log_names_the_command_but_never_holds_its_output()
    {
        using var dir = new TempDirectory();
        var logger = new ListLogger<AdminSocketServer>();
        await using var server = AdminSocketServer.Start(
            AdminSocketServer.SocketPath(dir.Path),
            new FakeAdminCommands(new AdminReply(0, "api key: SECRET-KEY-42")),
            logger);

        var (_, stdout, _) = await Sup.RunAsync(dir.Path, "crossbar_maintenance", "create_api_key", "acme");

        Assert.Contains("SECRET-KEY-42", stdout, StringComparison.Ordinal);
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Information && l.Text.Contains("crossbar_maintenance create_api_key", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Lines, l => l.Text.Contains("SECRET-KEY-42", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stale_socket_file_left_by_a_dead_node_is_replaced()
    {
        using var dir = new TempDirectory();
        var socketPath = AdminSocketServer.SocketPath(dir.Path);
        DeadNode.LeaveSocketFile(socketPath);

        Assert.True(File.Exists(socketPath));
        await using var server = Start(dir, new FakeAdminCommands(Ok));

        Assert.Equal(0, (await Sup.RunAsync(dir.Path, "m", "f")).ExitCode);
    }

    [Fact]
    public async Task A_second_server_on_the_same_data_dir_is_refused_and_the_first_keeps_answering()
    {
        using var dir = new TempDirectory();
        await using var first = Start(dir, new FakeAdminCommands(Ok));

        var ex = Assert.Throws<IOException>(() => Start(dir, new FakeAdminCommands(new AdminReply(0, "second"))));

        Assert.Contains($"another node is already running with data dir {dir.Path}", ex.Message, StringComparison.Ordinal);
        Assert.Equal("ok", (await Sup.RunAsync(dir.Path, "m", "f")).Stdout.Trim());
    }

    [Fact]
    public void A_socket_path_longer_than_107_bytes_is_refused_naming_the_path_and_the_limit()
    {
        using var dir = new TempDirectory();
        var deep = Path.Combine(dir.Path, new string('d', 120));
        var socketPath = AdminSocketServer.SocketPath(deep);

        var ex = Assert.ThrowsAny<IOException>(() => AdminSocketServer.Start(socketPath, new FakeAdminCommands(Ok), new ListLogger<AdminSocketServer>()));

        Assert.Contains(socketPath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("107-byte limit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_removes_the_socket_file_and_sup_then_finds_no_node()
    {
        using var dir = new TempDirectory();
        var server = Start(dir, new FakeAdminCommands(Ok));
        Assert.True(File.Exists(AdminSocketServer.SocketPath(dir.Path)));

        await server.DisposeAsync();

        Assert.False(File.Exists(AdminSocketServer.SocketPath(dir.Path)));
        Assert.Equal(1, (await Sup.RunAsync(dir.Path, "m", "f")).ExitCode);
    }

    [Fact]
    public async Task DisposeAsync_lets_a_request_in_flight_finish_and_answer()
    {
        using var dir = new TempDirectory();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = Start(dir, new FakeAdminCommands(async (_, _) =>
        {
            started.SetResult();
            await finish.Task;
            return new AdminReply(0, "finished");
        }));
        var sup = Sup.RunAsync(dir.Path, "m", "slow");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var disposing = server.DisposeAsync().AsTask();
        await Task.Delay(100);
        Assert.False(disposing.IsCompleted);
        finish.SetResult();

        await disposing.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((0, "finished"), ((await sup).ExitCode, (await sup).Stdout.Trim()));
        Assert.False(File.Exists(AdminSocketServer.SocketPath(dir.Path)));
    }

    [Fact]
    public async Task AddAdminSocket_serves_the_registered_commands_while_the_host_runs()
    {
        using var dir = new TempDirectory();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<IAdminCommands>(new FakeAdminCommands(new AdminReply(0, "from the host")));
        builder.Services.AddAdminSocket(dir.Path);
        using var host = builder.Build();

        await host.StartAsync();
        var (exitCode, stdout, _) = await Sup.RunAsync(dir.Path, "m", "f");
        await host.StopAsync();

        Assert.Equal((0, "from the host"), (exitCode, stdout.Trim()));
        Assert.False(File.Exists(AdminSocketServer.SocketPath(dir.Path)));
    }

    private static AdminSocketServer Start(TempDirectory dir, IAdminCommands commands) =>
        AdminSocketServer.Start(AdminSocketServer.SocketPath(dir.Path), commands, new ListLogger<AdminSocketServer>());
}
