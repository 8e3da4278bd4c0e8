using CallActors.Persistence.Serialization;

namespace CallActors.Edge.Accounts;

/// <summary>An account was created (by <c>sup crossbar_maintenance create_account</c> or by its parent over the API).</summary>
[PersistentManifest("account-created")]
public sealed record AccountCreated(Account Account);

/// <summary>An account's name, realm or reseller flag changed.</summary>
[PersistentManifest("account-updated")]
public sealed record AccountUpdated(string Id, string Name, string Realm, bool IsReseller, DateTimeOffset At);

/// <summary>An account was deleted; its tokens stop working at once.</summary>
[PersistentManifest("account-deleted")]
public sealed record AccountDeleted(string Id, DateTimeOffset At);
