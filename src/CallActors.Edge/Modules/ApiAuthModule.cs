using System.Text.Json;
using CallActors.Edge.Accounts;
using CallActors.Edge.Crossbar;

namespace CallActors.Edge.Modules;

/// <summary><c>cb_api_auth</c>: <c>PUT /v2/api_auth</c> with <c>{"data":{"api_key":"…"}}</c> issues an expiring
/// <c>auth_token</c> for the key's account. The only route that runs without a token.</summary>
public sealed class ApiAuthModule(EdgeServices services) : CrossbarModule
{
    public override string Name => "cb_api_auth";

    public override string Noun => "api_auth";

    public override bool AccountScoped => false;

    protected override IReadOnlyList<CrossbarRoute> DeclareRoutes() =>
    [
        new("PUT", "", "Exchanges an account's API key for an auth token (X-Auth-Token).", AuthenticateAsync) { Anonymous = true, HasBody = true },
    ];

    private async ValueTask<CrossbarResult> AuthenticateAsync(CrossbarContext context)
    {
        var data = await context.ReadDataAsync().ConfigureAwait(false);
        if (!data.TryGetProperty("api_key", out var key) || key.ValueKind != JsonValueKind.String)
        {
            return CrossbarResult.ValidationFailed("api_key", "required", "api_key is required and must be a string");
        }
        var apiKey = key.GetString()!;
        if (apiKey.Length is 0 or > 256 || services.Accounts.FindByApiKeyHash(AccountRules.HashApiKey(apiKey)) is not { } account)
        {
            return CrossbarResult.Unauthorized();
        }
        var expiresAt = services.Time.GetUtcNow() + services.Options.TokenLifetime;
        context.AuthToken = services.Tokens.Issue(account.Id, expiresAt);
        return CrossbarResult.Created(new Issued(account.Id, account.Name, account.Realm, account.IsReseller, expiresAt));
    }

    private sealed record Issued(string AccountId, string AccountName, string Realm, bool IsReseller, DateTimeOffset ExpiresAt);
}
