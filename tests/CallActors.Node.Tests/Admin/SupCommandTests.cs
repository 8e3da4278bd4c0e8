using CallActors.Node.Admin;
using CallActors.Node.Commands;
using Xunit;

namespace CallActors.Node.Tests.Admin;

public sealed class SupCommandTests
{
    [Fact]
    public async Task With_no_node_running_sup_exits_1_naming_the_data_dir_and_the_socket()
    {
        using var dir = new TempDirectory();

        var (exitCode, stdout, stderr) = await Sup.RunAsync(dir.Path, "crossbar_maintenance", "running_modules");

        Assert.Equal(1, exitCode);
        Assert.Empty(stdout);
        Assert.Equal(
            $"callactors: no node is running with data dir {dir.Path} (no admin socket at {Path.Combine(dir.Path, "callactors.sock")}){Environment.NewLine}",
            stderr);
    }

    [Fact]
    public async Task With_only_a_dead_nodes_socket_file_sup_exits_1_with_the_same_message()
    {
        using var dir = new TempDirectory();
        DeadNode.LeaveSocketFile(AdminSocketServer.SocketPath(dir.Path));
        Assert.True(File.Exists(AdminSocketServer.SocketPath(dir.Path)));

        var (exitCode, _, stderr) = await Sup.RunAsync(dir.Path, "crossbar_maintenance", "running_modules");

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"callactors: no node is running with data dir {dir.Path} ", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("crossbar_maintenance")]
    public async Task Fewer_than_a_module_and_a_function_is_a_usage_error_showing_the_form(params string[] operands)
    {
        using var dir = new TempDirectory();

        var (exitCode, stdout, stderr) = await Sup.RunAsync(dir.Path, operands);

        Assert.Equal(2, exitCode);
        Assert.Empty(stdout);
        Assert.Contains("usage: callactors sup MODULE FUNCTION [ARGS...]", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_knows_sup_and_the_usage_documents_it()
    {
        var arguments = NodeArguments.Parse(["sup", "crossbar_maintenance", "start_module", "cb_x", "--data-dir", "/srv/node"]);

        Assert.Equal("sup", arguments.Command);
        Assert.Equal(["crossbar_maintenance", "start_module", "cb_x"], arguments.Operands);
        Assert.Equal("/srv/node", arguments.DataDir);
        Assert.Contains("callactors sup MODULE FUNCTION [ARGS...]", NodeArguments.Usage, StringComparison.Ordinal);
    }
}
