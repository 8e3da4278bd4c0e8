using System.Reflection;
using CallActors.Node;
using CallActors.Node.Commands;
using CallActors.Node.Configuration;
using CallActors.Persistence.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Exit codes: 0 done, 1 the node failed at run time (e.g. its journal), 2 bad command line or configuration;
// sup returns the exit code of the function it ran on the node (1 when no node answers).
try
{
    var arguments = NodeArguments.Parse(args);
    switch (arguments.Command)
    {
        case "help":
            Console.WriteLine(NodeArguments.Usage);
            return 0;
        case "version":
            Console.WriteLine($"callactors {Assembly.GetExecutingAssembly().GetName().Version}");
            return 0;
    }

    var (configuration, options) = NodeConfiguration.Load(arguments);
    if (arguments.Command == "journal")
    {
        return await JournalCommand.RunAsync(arguments, options, Console.Out);
    }

    if (arguments.Command == "sup")
    {
        return await SupCommand.RunAsync(arguments, options, Console.Out, Console.Error);
    }

    if (arguments.Operands.Count > 0)
    {
        throw new UsageException($"node takes no operands, got '{string.Join(' ', arguments.Operands)}'");
    }

    CreateDataDirectory(options.DataDir);
    using var host = NodeHost.Build(configuration, options);
    // Taken before RunAsync, which disposes the host's services when it returns.
    var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
    try
    {
        await host.RunAsync();
    }
    catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
    {
        // SIGTERM or Ctrl-C while the node was still starting (e.g. before the HTTP API listened): an orderly stop.
        await Console.Error.WriteLineAsync("callactors: stopped while starting");
    }
    return 0;
}
catch (UsageException ex)
{
    await Console.Error.WriteLineAsync($"callactors: {ex.Message}{Environment.NewLine}{NodeArguments.Usage}");
    return 2;
}
catch (ConfigurationProblemException ex)
{
    foreach (var problem in ex.Problems)
    {
        await Console.Error.WriteLineAsync($"callactors: {problem}");
    }

    return 2;
}
catch (JournalStorageException ex)
{
    await Console.Error.WriteLineAsync($"callactors: journal: {ex.Message}");
    return 1;
}
catch (Exception ex) when (ex is not OutOfMemoryException)
{
    await Console.Error.WriteLineAsync($"callactors: the node failed: {ex.GetType().Name}: {ex.Message}");
    return 1;
}

static void CreateDataDirectory(string dataDir)
{
    try
    {
        Directory.CreateDirectory(dataDir);
    }
    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
    {
        throw new ConfigurationProblemException([$"callactors.data-dir: cannot create '{Path.GetFullPath(dataDir)}': {ex.Message}"]);
    }
}
