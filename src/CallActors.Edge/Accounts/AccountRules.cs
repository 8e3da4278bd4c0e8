using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CallActors.Edge.Accounts;

/// <summary>What makes an account name, realm and id valid, and how API keys are made and hashed.</summary>
public static class AccountRules
{
    public const int MaxNameLength = 128;
    public const int MaxRealmLength = 253;

    /// <summary>32 lower-case hex digits, as Kazoo's account ids.</summary>
    public static bool IsAccountId(ReadOnlySpan<char> id)
    {
        if (id.Length != 32)
        {
            return false;
        }
        foreach (var c in id)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }
        return true;
    }

    public static string NewAccountId() => Guid.NewGuid().ToString("N");

    /// <summary>A new API key: 32 random bytes as 64 hex digits.</summary>
    public static string NewApiKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The stored form of an API key. A single SHA-256 is enough: the key has 256 random bits, so there is
    /// nothing for a slow password hash to protect against a dictionary.</summary>
    public static string HashApiKey(string apiKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    /// <summary>Null when the name is acceptable, else why not.</summary>
    public static string? CheckName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "must not be empty";
        }
        if (name.Length > MaxNameLength)
        {
            return $"must be at most {MaxNameLength} characters";
        }
        return name.Any(char.IsControl) ? "must not contain control characters" : null;
    }

    /// <summary>Null when the realm is a DNS name (letters, digits, '-' and '.', labels of 1–63), else why not.</summary>
    public static string? CheckRealm(string? realm)
    {
        if (string.IsNullOrEmpty(realm))
        {
            return "must not be empty";
        }
        if (realm.Length > MaxRealmLength)
        {
            return $"must be at most {MaxRealmLength} characters";
        }
        foreach (var label in realm.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return $"'{realm}' is not a domain name (letters, digits, '-' and '.')";
            }
        }
        return null;
    }

    public static string NormaliseRealm(string realm) => realm.ToLower(CultureInfo.InvariantCulture);
}
