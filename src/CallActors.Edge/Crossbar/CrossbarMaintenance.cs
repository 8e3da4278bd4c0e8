using System.Text.Json;
using CallActors.Actors;
using CallActors.Edge.Accounts;

namespace CallActors.Edge.Crossbar;

/// <summary>
/// The <c>crossbar_maintenance</c> functions of <c>callactors sup</c>: <c>start_module NAME</c>, <c>stop_module NAME</c>,
/// <c>running_modules</c> and <c>create_account NAME REALM</c>. Each returns an exit code (0 done, 64 bad usage, 65 refused,
/// 69 unavailable) and the text to print. Unlike Kazoo's, start and stop change only the running node: after a restart
/// the modules are those of <c>autoload-modules</c> again.
/// </summary>
public sealed class CrossbarMaintenance(ModuleRegistry modules, IActorRef accounts, TimeSpan timeout)
{
    public const string ModuleName = "crossbar_maintenance";

    public static IReadOnlyList<string> Functions { get; } = ["start_module NAME", "stop_module NAME", "running_modules", "create_account NAME REALM"];

    public async Task<(int ExitCode, string Output)> RunAsync(string function, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        switch (function)
        {
            case "start_module" when args.Count == 1:
                return Start(args[0]);
            case "stop_module" when args.Count == 1:
                return await StopAsync(args[0], cancellationToken).ConfigureAwait(false);
            case "running_modules" when args.Count == 0:
                return (0, string.Join(Environment.NewLine, modules.Modules().Select(m => m.State == ModuleState.Running ? m.Name : $"{m.Name} ({m.State.ToString().ToLowerInvariant()}, {m.InFlight} requests in flight)")));
            case "create_account" when args.Count == 2:
                return await CreateAccountAsync(args[0], args[1]).ConfigureAwait(false);
            case "start_module" or "stop_module" or "running_modules" or "create_account":
                return (64, $"wrong arguments for {function}; usage: {Functions.First(f => f.StartsWith(function, StringComparison.Ordinal))}");
            default:
                return (64, $"unknown function '{function}' of {ModuleName}; functions: {string.Join(", ", Functions)}");
        }
    }

    private (int, string) Start(string name) => modules.Start(name) switch
    {
        ModuleChange.Done => (0, $"started {name}"),
        ModuleChange.AlreadyInThatState => (0, $"{name} is already running"),
        ModuleChange.Busy => (65, $"{name} is still draining; try again when stop_module has returned"),
        _ => (64, UnknownModule(name)),
    };

    private async Task<(int, string)> StopAsync(string name, CancellationToken cancellationToken)
    {
        var (change, abandoned) = await modules.StopAsync(name, cancellationToken).ConfigureAwait(false);
        return change switch
        {
            ModuleChange.Done when abandoned == 0 => (0, $"stopped {name}"),
            ModuleChange.Done => (0, $"stopped {name}; {abandoned} requests were still running when the drain timeout passed"),
            ModuleChange.AlreadyInThatState => (0, $"{name} is not running"),
            ModuleChange.Busy => (65, $"{name} is already stopping"),
            _ => (64, UnknownModule(name)),
        };
    }

    private async Task<(int, string)> CreateAccountAsync(string name, string realm)
    {
        var reply = await accounts.Ask<object>(new CreateAccount(name, realm, null, IsReseller: true), timeout).ConfigureAwait(false);
        switch (reply)
        {
            case AccountCreatedWithKey created:
                var json = JsonSerializer.Serialize(new NewAccount(created.Account.Id, created.Account.Name, created.Account.Realm, created.ApiKey), CrossbarJson.Options);
                return (0, json);
            case AccountRefused refused:
                return (65, $"account not created: {refused.Field}: {refused.Problem}");
            default:
                return (70, $"unexpected reply {reply.GetType().Name}");
        }
    }

    private string UnknownModule(string name) =>
        $"unknown module '{name}'; modules: {string.Join(", ", modules.Known.Order(StringComparer.Ordinal))}";

    private sealed record NewAccount(string AccountId, string Name, string Realm, string ApiKey);
}
