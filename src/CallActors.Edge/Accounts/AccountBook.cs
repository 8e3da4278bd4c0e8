using System.Collections.Frozen;

namespace CallActors.Edge.Accounts;

/// <summary>
/// The accounts as the HTTP edge reads them on every request: an immutable snapshot that <see cref="AccountsActor"/>
/// replaces after each persisted change, so a request never waits for the actor to authenticate or authorize.
/// </summary>
public sealed class AccountBook
{
    private Snapshot _current = Snapshot.Empty;

    public int Count => Volatile.Read(ref _current).ById.Count;

    public Account? Find(string id) => Volatile.Read(ref _current).ById.GetValueOrDefault(id);

    public Account? FindByApiKeyHash(string hash) => Volatile.Read(ref _current).ByKeyHash.GetValueOrDefault(hash);

    public Account? FindByRealm(string realm) => Volatile.Read(ref _current).ByRealm.GetValueOrDefault(realm);

    public IReadOnlyList<Account> All => Volatile.Read(ref _current).ById.Values;

    /// <summary>True when <paramref name="id"/> is <paramref name="ancestorId"/> or one of its descendants.</summary>
    public bool IsSelfOrDescendant(string ancestorId, string id)
    {
        var snapshot = Volatile.Read(ref _current);
        for (var current = snapshot.ById.GetValueOrDefault(id); current is not null; current = current.ParentId is { } parent ? snapshot.ById.GetValueOrDefault(parent) : null)
        {
            if (current.Id == ancestorId)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The account and all its descendants, the account first.</summary>
    public IReadOnlyList<Account> Tree(string id)
    {
        var snapshot = Volatile.Read(ref _current);
        if (!snapshot.ById.TryGetValue(id, out var root))
        {
            return [];
        }
        var result = new List<Account> { root };
        for (var i = 0; i < result.Count; i++)
        {
            if (snapshot.Children.TryGetValue(result[i].Id, out var children))
            {
                result.AddRange(children);
            }
        }
        return result;
    }

    public IReadOnlyList<Account> Children(string id) =>
        Volatile.Read(ref _current).Children.GetValueOrDefault(id) ?? [];

    internal void Publish(IEnumerable<Account> accounts) => Volatile.Write(ref _current, new Snapshot(accounts.ToList()));

    private sealed class Snapshot
    {
        public static readonly Snapshot Empty = new([]);

        public Snapshot(List<Account> accounts)
        {
            ById = accounts.ToFrozenDictionary(a => a.Id, StringComparer.Ordinal);
            ByKeyHash = accounts.ToFrozenDictionary(a => a.ApiKeyHash, StringComparer.Ordinal);
            ByRealm = accounts.ToFrozenDictionary(a => a.Realm, StringComparer.OrdinalIgnoreCase);
            Children = accounts.Where(a => a.ParentId is not null)
                .GroupBy(a => a.ParentId!, StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<Account>)[.. g.OrderBy(a => a.Name, StringComparer.Ordinal)], StringComparer.Ordinal);
        }

        public FrozenDictionary<string, Account> ById { get; }

        public FrozenDictionary<string, Account> ByKeyHash { get; }

        public FrozenDictionary<string, Account> ByRealm { get; }

        public FrozenDictionary<string, IReadOnlyList<Account>> Children { get; }
    }
}
