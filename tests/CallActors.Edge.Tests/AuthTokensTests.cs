using CallActors.Edge.Accounts;

namespace CallActors.Edge.Tests;

public sealed class AuthTokensTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    private readonly AuthTokens _tokens = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private const string Account = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void A_token_names_its_account_until_it_expires()
    {
        var token = _tokens.Issue(Account, Now.AddHours(1));
        Assert.Equal(Account, _tokens.Validate(token, Now));
        Assert.Equal(Account, _tokens.Validate(token, Now.AddMinutes(59)));
        Assert.Null(_tokens.Validate(token, Now.AddHours(1)));
    }

    [Fact]
    public void A_token_signed_with_another_key_or_altered_is_refused()
    {
        var token = _tokens.Issue(Account, Now.AddHours(1));
        var other = new AuthTokens(new byte[32]);
        Assert.Null(other.Validate(token, Now));
        var payloadEnd = token.LastIndexOf('.');
        var altered = token[..(payloadEnd - 2)] + (token[payloadEnd - 2] == 'A' ? 'B' : 'A') + token[(payloadEnd - 1)..];
        Assert.Null(_tokens.Validate(altered, Now));
        Assert.Null(_tokens.Validate(null, Now));
        Assert.Null(_tokens.Validate("", Now));
        Assert.Null(_tokens.Validate("v1.", Now));
        Assert.Null(_tokens.Validate("v1.!!!.???", Now));
        Assert.Null(_tokens.Validate(new string('A', 10_000), Now));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_key_file_is_created_private_and_reused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"callactors-key-{Guid.NewGuid():N}");
        try
        {
            var first = AuthTokens.FromKeyFile(path);
            var token = first.Issue(Account, Now.AddHours(1));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(Account, AuthTokens.FromKeyFile(path).Validate(token, Now));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
