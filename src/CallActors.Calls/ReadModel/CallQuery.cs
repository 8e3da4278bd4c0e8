namespace CallActors.Calls.ReadModel;

/// <summary>Which calls <see cref="CallReadModelStore.ListAsync"/> returns: the calls of some accounts (and, for calls
/// without an account, of some realms), narrowed by the optional filters, one page at a time.</summary>
/// <param name="AccountIds">Calls whose account is one of these…</param>
/// <param name="Realms">…or that have no account and whose realm is one of these (case-insensitive). With both lists
/// empty the query sees no call at all: the scope is never "everything" by omission.</param>
/// <param name="Status">Only calls with this status wire name.</param>
/// <param name="Direction">Only calls with this direction.</param>
/// <param name="FromUser">Only calls whose From user part is exactly this.</param>
/// <param name="ToUser">Only calls whose To user part is exactly this.</param>
/// <param name="CreatedFrom">Only calls created at or after this instant.</param>
/// <param name="CreatedTo">Only calls created at or before this instant.</param>
/// <param name="WithDialogueOnly">Only calls with at least one recorded SIP message.</param>
/// <param name="PageSize">Calls per page, 1 to <see cref="MaxPageSize"/>.</param>
/// <param name="StartKey">The <see cref="CallPage.NextStartKey"/> of the previous page, or null for the first.</param>
public sealed record CallQuery(
    IReadOnlyCollection<string> AccountIds,
    IReadOnlyCollection<string> Realms,
    string? Status,
    string? Direction,
    string? FromUser,
    string? ToUser,
    DateTimeOffset? CreatedFrom,
    DateTimeOffset? CreatedTo,
    bool WithDialogueOnly,
    int PageSize,
    string? StartKey)
{
    public const int MaxPageSize = 1000;

    private readonly int _pageSize = ValidPageSize(PageSize);

    public IReadOnlyCollection<string> AccountIds { get; init; } = AccountIds ?? throw new ArgumentNullException(nameof(AccountIds));

    public IReadOnlyCollection<string> Realms { get; init; } = Realms ?? throw new ArgumentNullException(nameof(Realms));

    /// <exception cref="ArgumentOutOfRangeException">Set (here or in a <c>with</c>) outside 1..<see cref="MaxPageSize"/>.</exception>
    public int PageSize
    {
        get => _pageSize;
        init => _pageSize = ValidPageSize(value);
    }

    private static int ValidPageSize(int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1, nameof(PageSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize, nameof(PageSize));
        return pageSize;
    }
}
