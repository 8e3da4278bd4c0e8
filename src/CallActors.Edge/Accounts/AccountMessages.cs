namespace CallActors.Edge.Accounts;

/// <summary>Creates an account; the reply is <see cref="AccountCreatedWithKey"/> or <see cref="AccountRefused"/>.</summary>
public sealed record CreateAccount(string Name, string Realm, string? ParentId, bool IsReseller);

/// <summary>Changes an account (null leaves a field as it is); the reply is the <see cref="Account"/> or <see cref="AccountRefused"/>.</summary>
public sealed record UpdateAccount(string Id, string? Name, string? Realm, bool? IsReseller);

/// <summary>Deletes an account without sub-accounts; the reply is the deleted <see cref="Account"/> or <see cref="AccountRefused"/>.</summary>
public sealed record DeleteAccount(string Id);

/// <summary>A new account and its API key, which exists only in this reply (the account keeps its hash).</summary>
public sealed record AccountCreatedWithKey(Account Account, string ApiKey);

/// <summary>The change was not made: <paramref name="Status"/> is the HTTP status that says why (400, 404, 409).</summary>
public sealed record AccountRefused(int Status, string Field, string Problem);
