using CallActors.Actors;
using CallActors.Persistence;

namespace CallActors.Edge.Accounts;

/// <summary>
/// The node's accounts (persistence id <c>accounts</c>): it alone changes them, checks every change (names, unique
/// realms, parents, no orphans) and persists it before replying; after each change it publishes a new snapshot to the
/// <see cref="AccountBook"/> that requests read.
/// </summary>
public sealed class AccountsActor : PersistentActor
{
    private readonly AccountBook _book;
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.Ordinal);

    public AccountsActor(AccountBook book)
    {
        _book = book;
        Recover<AccountCreated>(Apply);
        Recover<AccountUpdated>(Apply);
        Recover<AccountDeleted>(Apply);
        Recover<RecoveryCompleted>(_ => Publish());

        Command<CreateAccount>(OnCreate);
        Command<UpdateAccount>(OnUpdate);
        Command<DeleteAccount>(OnDelete);
        Command<AwaitRecovery>(_ => Sender.Tell(true, Self));
    }

    public override string PersistenceId => "accounts";

    public static Props Props(AccountBook book) => Actors.Props.Create(() => new AccountsActor(book));

    private DateTimeOffset Now => Context.System.TimeProvider.GetUtcNow();

    private void OnCreate(CreateAccount create)
    {
        if (AccountRules.CheckName(create.Name) is { } nameProblem)
        {
            Sender.Tell(new AccountRefused(400, "name", nameProblem), Self);
            return;
        }
        if (AccountRules.CheckRealm(create.Realm) is { } realmProblem)
        {
            Sender.Tell(new AccountRefused(400, "realm", realmProblem), Self);
            return;
        }
        var realm = AccountRules.NormaliseRealm(create.Realm);
        if (RealmOwner(realm) is { } owner)
        {
            Sender.Tell(new AccountRefused(409, "realm", $"realm '{realm}' already belongs to account {owner.Id}"), Self);
            return;
        }
        if (create.ParentId is { } parent && !_accounts.ContainsKey(parent))
        {
            Sender.Tell(new AccountRefused(404, "parent_id", $"no account '{parent}'"), Self);
            return;
        }
        var apiKey = AccountRules.NewApiKey();
        var now = Now;
        var account = new Account(AccountRules.NewAccountId(), create.Name.Trim(), realm, create.ParentId, create.IsReseller, AccountRules.HashApiKey(apiKey), now, now);
        var replyTo = Sender;
        Persist(new AccountCreated(account), e =>
        {
            Apply(e);
            Publish();
            replyTo.Tell(new AccountCreatedWithKey(e.Account, apiKey), Self);
        });
    }

    private void OnUpdate(UpdateAccount update)
    {
        if (!_accounts.TryGetValue(update.Id, out var account))
        {
            Sender.Tell(new AccountRefused(404, "id", $"no account '{update.Id}'"), Self);
            return;
        }
        if (update.Name is not null && AccountRules.CheckName(update.Name) is { } nameProblem)
        {
            Sender.Tell(new AccountRefused(400, "name", nameProblem), Self);
            return;
        }
        if (update.Realm is not null && AccountRules.CheckRealm(update.Realm) is { } realmProblem)
        {
            Sender.Tell(new AccountRefused(400, "realm", realmProblem), Self);
            return;
        }
        var realm = update.Realm is null ? account.Realm : AccountRules.NormaliseRealm(update.Realm);
        if (RealmOwner(realm) is { } owner && owner.Id != account.Id)
        {
            Sender.Tell(new AccountRefused(409, "realm", $"realm '{realm}' already belongs to account {owner.Id}"), Self);
            return;
        }
        var replyTo = Sender;
        Persist(new AccountUpdated(account.Id, update.Name?.Trim() ?? account.Name, realm, update.IsReseller ?? account.IsReseller, Now), e =>
        {
            Apply(e);
            Publish();
            replyTo.Tell(_accounts[e.Id], Self);
        });
    }

    private void OnDelete(DeleteAccount delete)
    {
        if (!_accounts.TryGetValue(delete.Id, out var account))
        {
            Sender.Tell(new AccountRefused(404, "id", $"no account '{delete.Id}'"), Self);
            return;
        }
        if (_accounts.Values.Any(a => a.ParentId == account.Id))
        {
            Sender.Tell(new AccountRefused(409, "id", "the account has sub-accounts; delete them first"), Self);
            return;
        }
        var replyTo = Sender;
        Persist(new AccountDeleted(account.Id, Now), e =>
        {
            Apply(e);
            Publish();
            replyTo.Tell(account, Self);
        });
    }

    private Account? RealmOwner(string realm) =>
        _accounts.Values.FirstOrDefault(a => string.Equals(a.Realm, realm, StringComparison.OrdinalIgnoreCase));

    private void Apply(AccountCreated e) => _accounts[e.Account.Id] = e.Account;

    private void Apply(AccountUpdated e)
    {
        if (_accounts.TryGetValue(e.Id, out var account))
        {
            _accounts[e.Id] = account with { Name = e.Name, Realm = e.Realm, IsReseller = e.IsReseller, UpdatedAt = e.At };
        }
    }

    private void Apply(AccountDeleted e) => _accounts.Remove(e.Id);

    private void Publish() => _book.Publish(_accounts.Values);

    /// <summary>Answered (true) once the actor has recovered, since commands wait for the recovery.</summary>
    public sealed record AwaitRecovery
    {
        public static AwaitRecovery Instance { get; } = new();
    }
}
