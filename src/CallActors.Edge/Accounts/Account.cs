namespace CallActors.Edge.Accounts;

/// <summary>An account: who owns calls (by route or realm) and who may read them (itself and its ancestors).</summary>
/// <param name="Id">32 lower-case hex digits.</param>
/// <param name="Name">A human name, unique among its siblings.</param>
/// <param name="Realm">The SIP domain whose calls belong to the account when their route names no account; unique.</param>
/// <param name="ParentId">The parent account, or null for a top-level account.</param>
/// <param name="IsReseller">Kazoo's reseller flag: the account resells to its sub-accounts.</param>
/// <param name="ApiKeyHash">SHA-256 of the API key, hex; the key itself is shown once, at creation, and never stored.</param>
/// <param name="CreatedAt">When the account was created.</param>
/// <param name="UpdatedAt">Its latest change.</param>
public sealed record Account(
    string Id,
    string Name,
    string Realm,
    string? ParentId,
    bool IsReseller,
    string ApiKeyHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
