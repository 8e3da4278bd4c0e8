using System.Text.Json;
using CallActors.Actors;
using CallActors.Edge.Accounts;
using CallActors.Edge.Crossbar;

namespace CallActors.Edge.Modules;

/// <summary><c>cb_accounts</c>: read, update and delete an account, create its sub-accounts (PUT on the parent, as
/// Crossbar does) and list its children. An account cannot delete itself, only its descendants.</summary>
public sealed class AccountsModule(EdgeServices services) : CrossbarModule
{
    private static readonly string[] Fields = ["name", "realm", "is_reseller"];

    public override string Name => "cb_accounts";

    public override string Noun => "accounts";

    public override string PathPrefix => $"/v2/accounts/{Identifiers.AccountId}";

    protected override IReadOnlyList<CrossbarRoute> DeclareRoutes() =>
    [
        new("GET", "", "The account.", context => ValueTask.FromResult(CrossbarResult.Ok(AccountView.Of(context.Account)))),
        new("PUT", "", "Creates a sub-account of this account; the answer holds its API key, shown only once.", CreateAsync) { HasBody = true },
        new("POST", "", "Changes the account's name, realm or reseller flag.", UpdateAsync) { HasBody = true },
        new("PATCH", "", "Changes the given fields of the account.", UpdateAsync) { HasBody = true },
        new("DELETE", "", "Deletes a sub-account (one without sub-accounts of its own).", DeleteAsync),
        new("GET", "children", "The account's direct sub-accounts.", context => ValueTask.FromResult(CrossbarResult.Ok(services.Accounts.Children(context.AccountId!).Select(AccountView.Of).ToList()))),
    ];

    private async ValueTask<CrossbarResult> CreateAsync(CrossbarContext context)
    {
        var data = await context.ReadDataAsync().ConfigureAwait(false);
        var (name, realm, reseller) = ReadFields(data);
        if (name is null || realm is null)
        {
            return CrossbarResult.ValidationFailed(name is null ? "name" : "realm", "required", "name and realm are required");
        }
        var reply = await services.AccountsActor.Ask<object>(new CreateAccount(name, realm, context.AccountId, reseller ?? false), services.Options.CallTimeout).ConfigureAwait(false);
        return reply switch
        {
            AccountCreatedWithKey created => CrossbarResult.Created(new CreatedAccount(AccountView.Of(created.Account), created.ApiKey)),
            AccountRefused refused => Refused(refused),
            _ => throw new InvalidOperationException($"unexpected reply {reply.GetType().Name}"),
        };
    }

    private async ValueTask<CrossbarResult> UpdateAsync(CrossbarContext context)
    {
        var data = await context.ReadDataAsync().ConfigureAwait(false);
        var (name, realm, reseller) = ReadFields(data);
        var reply = await services.AccountsActor.Ask<object>(new UpdateAccount(context.AccountId!, name, realm, reseller), services.Options.CallTimeout).ConfigureAwait(false);
        return reply switch
        {
            Account account => CrossbarResult.Ok(AccountView.Of(account)),
            AccountRefused refused => Refused(refused),
            _ => throw new InvalidOperationException($"unexpected reply {reply.GetType().Name}"),
        };
    }

    private async ValueTask<CrossbarResult> DeleteAsync(CrossbarContext context)
    {
        if (context.AccountId == context.Caller!.Id)
        {
            return CrossbarResult.Forbidden("an account cannot delete itself; its parent can");
        }
        var reply = await services.AccountsActor.Ask<object>(new DeleteAccount(context.AccountId!), services.Options.CallTimeout).ConfigureAwait(false);
        return reply switch
        {
            Account account => CrossbarResult.Ok(AccountView.Of(account)),
            AccountRefused refused => Refused(refused),
            _ => throw new InvalidOperationException($"unexpected reply {reply.GetType().Name}"),
        };
    }

    /// <summary>The writable fields, each checked for its type; an unknown field is refused so a typo is not
    /// silently ignored.</summary>
    private static (string? Name, string? Realm, bool? IsReseller) ReadFields(JsonElement data)
    {
        string? name = null;
        string? realm = null;
        bool? reseller = null;
        foreach (var property in data.EnumerateObject())
        {
            switch (property.Name)
            {
                case "name":
                    name = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : throw TypeError("name", "a string");
                    break;
                case "realm":
                    realm = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : throw TypeError("realm", "a string");
                    break;
                case "is_reseller":
                    reseller = property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False ? property.Value.GetBoolean() : throw TypeError("is_reseller", "true or false");
                    break;
                default:
                    throw new CrossbarException(CrossbarResult.ValidationFailed(property.Name, "unknown", $"unknown field '{CrossbarResult.Truncate(property.Name)}'; known: {string.Join(", ", Fields)}"));
            }
        }
        return (name, realm, reseller);
    }

    private static CrossbarException TypeError(string field, string expected) =>
        new(CrossbarResult.ValidationFailed(field, "type", $"{field} must be {expected}"));

    private static CrossbarResult Refused(AccountRefused refused) => refused.Status switch
    {
        404 => CrossbarResult.BadIdentifier(refused.Field, refused.Problem),
        409 => CrossbarResult.Failure(409, "datastore_conflict", refused.Problem, new Dictionary<string, object?> { ["message"] = refused.Problem, ["field"] = refused.Field }),
        _ => CrossbarResult.ValidationFailed(refused.Field, "format", refused.Problem),
    };

    private sealed record CreatedAccount(AccountView Account, string ApiKey);
}

/// <summary>An account as the API shows it (never its key hash).</summary>
internal sealed record AccountView(string Id, string Name, string Realm, string? ParentId, bool IsReseller, DateTimeOffset Created, DateTimeOffset Updated)
{
    public static AccountView Of(Account account) =>
        new(account.Id, account.Name, account.Realm, account.ParentId, account.IsReseller, account.CreatedAt, account.UpdatedAt);
}
