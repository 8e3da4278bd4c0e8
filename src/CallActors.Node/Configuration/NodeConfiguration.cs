using System.Text.Json;
using CallActors.Hocon;
using CallActors.Hocon.Configuration;
using CallActors.Node.Commands;
using Microsoft.Extensions.Configuration;

namespace CallActors.Node.Configuration;

/// <summary>
/// Reads the node's configuration in layers (defaults, --config, environment, --set/--data-dir)
/// and binds the <c>callactors</c> section strictly. Any problem becomes a
/// <see cref="ConfigurationProblemException"/> whose lines name the key and where it was set.
/// </summary>
public static class NodeConfiguration
{
    /// <summary>The defaults: <c>hocon/callactors.conf</c> beside the executable, or <c>CALLACTORS_HOCON</c>.</summary>
    public static string DefaultsFile =>
        Environment.GetEnvironmentVariable("CALLACTORS_HOCON") is { Length: > 0 } custom
            ? custom
            : Path.Combine(AppContext.BaseDirectory, "hocon", "callactors.conf");

    public static (IConfigurationRoot Configuration, CallActorsOptions Options) Load(NodeArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        IConfigurationRoot configuration;
        try
        {
            var files = new List<HoconLayer> { new HoconFileLayer(DefaultsFile) };
            if (arguments.ConfigFile is not null)
            {
                if (!File.Exists(arguments.ConfigFile))
                {
                    throw new ConfigurationProblemException([$"{arguments.ConfigFile}: config file not found"]);
                }

                files.Add(new HoconFileLayer(Path.GetFullPath(arguments.ConfigFile)));
            }

            var overrides = arguments.Sets.Select(SetLayer).ToList();
            if (arguments.DataDir is not null)
            {
                overrides.Add(new HoconTextLayer($"callactors.data-dir = {JsonSerializer.Serialize(arguments.DataDir)}", "--data-dir"));
            }

            var builder = new ConfigurationBuilder().AddHocon(files).AddEnvironmentVariables();
            if (overrides.Count > 0)
            {
                builder.AddHocon(overrides);
            }

            configuration = builder.Build();
        }
        catch (HoconException ex)
        {
            throw new ConfigurationProblemException([ex.Message]);
        }
        catch (FileNotFoundException ex)
        {
            throw new ConfigurationProblemException([$"{ex.FileName ?? DefaultsFile}: configuration file not found"]);
        }

        var problems = new List<string>();
        var options = HoconOptionsBinder.Bind<CallActorsOptions>(configuration, "callactors", problems);
        if (problems.Count == 0)
        {
            foreach (var (key, problem) in options.Validate())
            {
                problems.Add($"{HoconOptionsBinder.DescribeOrigin(configuration, key.Replace('.', ':'))}: invalid value for '{key}': {problem}");
            }
        }

        return problems.Count > 0 ? throw new ConfigurationProblemException(problems) : (configuration, options);
    }

    private static HoconTextLayer SetLayer(string setting)
    {
        var separator = setting.IndexOf('=', StringComparison.Ordinal);
        var key = setting[..separator].Trim();
        var value = setting[(separator + 1)..].Trim();
        return new HoconTextLayer($"{key} = {value}", $"--set {key}");
    }
}

/// <summary>The configuration cannot be used; each line names a key or file and what is wrong.</summary>
public sealed class ConfigurationProblemException(IReadOnlyList<string> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
