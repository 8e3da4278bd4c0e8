namespace CallActors.Node.Commands;

/// <summary>The parsed command line: a command, the configuration flags every command shares, and the rest.</summary>
public sealed record NodeArguments(string Command, string? ConfigFile, string? DataDir, IReadOnlyList<string> Sets, IReadOnlyList<string> Operands)
{
    public const string Usage = """
        usage:
          callactors [node] [--config FILE] [--data-dir DIR] [--set key=value]...
              run a node (the default command); SIGTERM or Ctrl-C shuts it down in order
          callactors journal ids [--config FILE] [--data-dir DIR] [--set key=value]...
              list the persistence ids in the node's journal
          callactors journal events PERSISTENCE_ID [...same flags]
              print a persistence id's events, one JSON object per line
          callactors sup MODULE FUNCTION [ARGS...] [...same flags]
              run a maintenance function on the running node (e.g. crossbar_maintenance running_modules)
          callactors --help | --version

        configuration: hocon/callactors.conf (defaults), then --config FILE, then environment
        variables (CALLACTORS__NODE__NAME=x), then --set and --data-dir.
        """;

    /// <summary>Parses the arguments; a usage problem throws <see cref="UsageException"/>.</summary>
    public static NodeArguments Parse(IReadOnlyList<string> args)
    {
        string? command = null;
        string? config = null;
        string? dataDir = null;
        var sets = new List<string>();
        var operands = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--config":
                    config = Value(args, ref i, arg);
                    break;
                case "--data-dir":
                    dataDir = Value(args, ref i, arg);
                    break;
                case "--set":
                    var setting = Value(args, ref i, arg);
                    if (!setting.Contains('=', StringComparison.Ordinal) || setting.StartsWith('='))
                    {
                        throw new UsageException($"--set expects key=value, got '{setting}'");
                    }

                    sets.Add(setting);
                    break;
                case "--help" or "-h":
                    command = "help";
                    break;
                case "--version":
                    command = "version";
                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new UsageException($"unknown option '{arg}'");
                    }

                    if (command is null)
                    {
                        command = arg;
                    }
                    else
                    {
                        operands.Add(arg);
                    }

                    break;
            }
        }

        command ??= "node";
        if (command is not ("node" or "journal" or "sup" or "help" or "version"))
        {
            throw new UsageException($"unknown command '{command}'");
        }

        return new NodeArguments(command, config, dataDir, sets, operands);
    }

    private static string Value(IReadOnlyList<string> args, ref int i, string option) =>
        ++i < args.Count ? args[i] : throw new UsageException($"{option} needs a value");
}

/// <summary>A command line that cannot be run; the message says why.</summary>
public sealed class UsageException(string message) : Exception(message);
